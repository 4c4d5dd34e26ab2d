/** Internal (library users import {@link dino.api}): numpy compatibility: its legacy random stream bit for bit, the .npy format, Python's repr of a string. */
package dino.engine.numpy;
