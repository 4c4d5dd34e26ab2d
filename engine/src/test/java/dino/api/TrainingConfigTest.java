// Every limit of TrainingConfig is refused with the setting's name, and the settings table matches the record.
package dino.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dino.api.TrainingConfig.Setting;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {
    private static void refused(String expected, UnaryOperator<TrainingConfig.Builder> change) {
        DinoException e = assertThrows(DinoException.class, () -> change.apply(TrainingConfig.builder()).build());
        assertEquals(expected, e.getMessage());
    }

    @Test
    void optionsThatWatchTheValidationLossNeedAHeldOutShare() {
        DinoException e = assertThrows(DinoException.class, () -> TrainingConfig.reference().requireValidation("patience"));
        assertEquals("patience needs a validation set: give valFraction above 0", e.getMessage());
        assertEquals("--patience needs a validation set: give --val-fraction above 0",
                e.message(n -> n.equals("patience") ? "--patience" : "--val-fraction"));
        TrainingConfig.builder().valFraction(0.1).build().requireValidation("keepBest");
    }

    @Test
    void everyLimitIsRefusedWithTheSettingsName() {
        refused("hidden must be between 1 and 32768, got 0", b -> b.hidden(0));
        refused("hidden must be between 1 and 32768, got 32769", b -> b.hidden(TrainingConfig.MAX_HIDDEN + 1));
        refused("learningRate must be a positive number, got 0.0", b -> b.learningRate(0));
        refused("learningRate must be a positive number, got NaN", b -> b.learningRate(Double.NaN));
        refused("learningRate must be a positive number, got Infinity", b -> b.learningRate(Double.POSITIVE_INFINITY));
        refused("clip must be positive (use a large value to disable clipping), got -1.0", b -> b.clip(-1));
        refused("batchSize must be between 1 and 65536, got 0", b -> b.batchSize(0));
        refused("batchSize must be between 1 and 65536, got 65537", b -> b.batchSize(TrainingConfig.MAX_BATCH_SIZE + 1));
        refused("layers must be between 1 and 64, got 0", b -> b.layers(0));
        refused("layers must be between 1 and 64, got 65", b -> b.layers(TrainingConfig.MAX_LAYERS + 1));
        refused("dropout must be in [0, 1), got 1.0", b -> b.dropout(1));
        refused("dropout must be in [0, 1), got -0.1", b -> b.dropout(-0.1));
        refused("seqLength must be between 1 and 100000, got 0", b -> b.seqLength(0));
        refused("seqLength must be between 1 and 100000, got 100001", b -> b.seqLength(TrainingConfig.MAX_SEQ_LENGTH + 1));
        refused("valFraction must be in [0, 1), got 1.0", b -> b.valFraction(1));
        refused("valFraction must be in [0, 1), got -0.5", b -> b.valFraction(-0.5));
        refused("seed must be between 0 and 4294967294, got -1", b -> b.seed(-1));
        refused("seed must be between 0 and 4294967294, got 4294967295", b -> b.seed(TrainingConfig.MAX_SEED + 1));
        refused("optimizer must be given", b -> b.optimizer(null));
        refused("mode must be given", b -> b.mode(null));
        refused("precision must be given", b -> b.precision(null));
        refused("cell must be given", b -> b.cell(null));
    }

    @Test
    void theLimitsThemselvesAreAccepted() {
        TrainingConfig c = TrainingConfig.builder().hidden(TrainingConfig.MAX_HIDDEN).batchSize(TrainingConfig.MAX_BATCH_SIZE)
                .layers(TrainingConfig.MAX_LAYERS).seqLength(TrainingConfig.MAX_SEQ_LENGTH).seed(TrainingConfig.MAX_SEED)
                .dropout(0.999).valFraction(0.999).build();
        assertEquals(TrainingConfig.MAX_HIDDEN, c.hidden());
        assertEquals(TrainingConfig.MAX_SEED, c.seed());
        TrainingConfig low = TrainingConfig.builder().hidden(1).batchSize(1).layers(1).seqLength(1).seed(0).build();
        assertEquals(1, low.hidden());
    }

    @Test
    void messagesRenderWithAProgramsOwnNamesForSettings() {
        DinoException e = assertThrows(DinoException.class, () -> TrainingConfig.builder().batchSize(0).build());
        assertEquals("--batch-size must be between 1 and 65536, got 0",
                e.message(key -> "--" + key.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT)));
        // Braces in outside text (a path, a line of data) are not taken for settings.
        DinoException literal = DinoException.naming(DinoException.literal("/tmp/{hidden}.txt") + ": {hidden} is wrong");
        assertEquals("/tmp/{hidden}.txt: hidden is wrong", literal.getMessage());
        assertEquals("/tmp/{hidden}.txt: --hidden is wrong", literal.message(key -> "--" + key));
    }

    @Test
    void theReferenceAndTheBuilderAgree() {
        TrainingConfig reference = TrainingConfig.reference();
        assertEquals(new TrainingConfig(50, 0.01, 5, TrainingConfig.Optimizer.SGD, 0, Mode.LINES, 25, 0, 1,
                TrainingConfig.Precision.F64, TrainingConfig.Cell.RNN, 1, 0, null), reference);
        assertEquals(reference, TrainingConfig.builder().build());
        TrainingConfig lstm = reference.toBuilder().cell(TrainingConfig.Cell.LSTM).layers(2).build();
        assertEquals(TrainingConfig.Cell.LSTM, lstm.cell());
        assertEquals(2, lstm.layers());
        assertEquals(reference.hidden(), lstm.hidden());
    }

    /** The reference model keeps the reference's products; any other model fuses them, unless the config says so. */
    @Test
    void theProductsFollowTheModelUnlessSet() {
        TrainingConfig reference = TrainingConfig.reference();
        assertEquals(Products.MUL_ADD, reference.products());
        assertEquals(Products.MUL_ADD, reference.toBuilder().mode(Mode.TEXT).hidden(300).optimizer(TrainingConfig.Optimizer.ADAM)
                .build().products(), "mode, size and optimizer do not make another model");
        assertEquals(Products.FMA, reference.toBuilder().cell(TrainingConfig.Cell.LSTM).build().products());
        assertEquals(Products.FMA, reference.toBuilder().layers(2).build().products());
        assertEquals(Products.FMA, reference.toBuilder().batchSize(2).build().products());
        assertEquals(Products.FMA, reference.toBuilder().precision(TrainingConfig.Precision.F32).build().products());
        // A default form follows the model a builder goes on to make; a form that was set stays.
        TrainingConfig batched = reference.toBuilder().batchSize(8).build();
        assertEquals(Products.MUL_ADD, batched.toBuilder().batchSize(1).build().products());
        TrainingConfig set = reference.toBuilder().products(Products.FMA).build();
        assertEquals(Products.FMA, set.products());
        assertEquals(Products.FMA, set.toBuilder().hidden(10).build().products());
        assertEquals(Products.MUL_ADD, batched.toBuilder().products(Products.MUL_ADD).build().products());
        assertEquals("fma", TrainingConfig.Setting.PRODUCTS.valueIn(set));
        assertEquals(Products.FMA, Products.parse(" FMA "));
        assertEquals(Products.MUL_ADD, Products.parse("mul-add"));
        DinoException e = assertThrows(DinoException.class, () -> Products.parse("fused"));
        assertEquals("--products must be mul-add or fma, got 'fused'", e.message(key -> "--" + key));
    }

    @Test
    void theSettingsTableNamesEveryComponentOnce() {
        List<String> components = new ArrayList<>();
        for (RecordComponent c : TrainingConfig.class.getRecordComponents()) {
            components.add(c.getName());
        }
        List<String> keys = new ArrayList<>();
        TrainingConfig config = TrainingConfig.builder().hidden(7).learningRate(0.5).clip(2).seed(9).seqLength(11)
                .valFraction(0.25).batchSize(3).layers(2).dropout(0.5).optimizer(TrainingConfig.Optimizer.ADAM)
                .mode(Mode.TEXT).precision(TrainingConfig.Precision.F32).cell(TrainingConfig.Cell.GRU).build();
        for (Setting s : Setting.values()) {
            keys.add(s.key());
        }
        assertEquals(components, keys);
        assertEquals(List.of(7, 0.5, 2.0, "adam", 9L, "text", 11, 0.25, 3, "f32", "gru", 2, 0.5, "fma"),
                java.util.Arrays.stream(Setting.values()).map(s -> s.valueIn(config)).collect(java.util.stream.Collectors.toList()));
    }

    @Test
    void namesParseInAnyCaseAndBadOnesSayWhatIsAllowed() {
        assertEquals(TrainingConfig.Cell.LSTM, TrainingConfig.Cell.parse("LSTM"));
        assertEquals(TrainingConfig.Precision.F32, TrainingConfig.Precision.parse("f32"));
        assertEquals(TrainingConfig.Optimizer.ADAGRAD, TrainingConfig.Optimizer.parse("Adagrad"));
        assertEquals(Mode.TEXT, Mode.parse("text"));
        assertEquals("cell must be rnn, lstm or gru, got 'tree'",
                assertThrows(DinoException.class, () -> TrainingConfig.Cell.parse("tree")).getMessage());
        assertEquals("precision must be f64 or f32, got 'f16'",
                assertThrows(DinoException.class, () -> TrainingConfig.Precision.parse("f16")).getMessage());
        assertEquals("unknown optimizer 'rmsprop': use sgd, adagrad or adam",
                assertThrows(DinoException.class, () -> TrainingConfig.Optimizer.parse("rmsprop")).getMessage());
        assertEquals("unknown mode 'words': use lines or text",
                assertThrows(DinoException.class, () -> Mode.parse("words")).getMessage());
    }
}
