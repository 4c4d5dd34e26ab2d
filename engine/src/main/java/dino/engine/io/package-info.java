/** Internal (library users import {@link dino.api}): Files: what a checkpoint holds, the numpy-loadable .npz model format, and the atomic, durable write every output uses. */
package dino.engine.io;
