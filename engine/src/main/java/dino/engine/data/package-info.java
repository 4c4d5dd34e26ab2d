/** Internal (library users import {@link dino.api}): The data: corpora (names one per line, or running text) and their character vocabulary. */
package dino.engine.data;
