/** Internal (library users import {@link dino.api}): Sampling: names or text drawn from a model with the reference's numpy scheme, plus temperature, top-k and prefixes. */
package dino.engine.sample;
