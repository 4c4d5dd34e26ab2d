// How well a model predicts a corpus: loss per character, perplexity, bits per character.
package dino.api;

/**
 * The mean cross-entropy of a model on a corpus. Names are scored one by one from the zero state, each
 * name's end included; text as one sequence in windows of the model's {@code seqLength}, the state carried.
 *
 * @param characters       the predictions scored (a name of m characters is m + 1; a text of n characters n − 1)
 * @param lossPerCharacter the mean cross-entropy per prediction, in nats
 */
public record Evaluation(long characters, double lossPerCharacter) {
    /** {@code exp(lossPerCharacter)}. */
    public double perplexity() {
        return Math.exp(lossPerCharacter);
    }

    /** The loss in bits: {@code lossPerCharacter / ln 2}. */
    public double bitsPerCharacter() {
        return lossPerCharacter / Math.log(2);
    }
}
