/** Internal (library users import {@link dino.api}): The model: where every weight lives in one flat buffer ({@link dino.engine.model.Layout}) and the weights themselves. */
package dino.engine.model;
