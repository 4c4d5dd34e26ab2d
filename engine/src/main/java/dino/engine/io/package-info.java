/** Model files: what a checkpoint holds and the numpy-loadable .npz format it is written in, atomically. */
package dino.engine.io;
