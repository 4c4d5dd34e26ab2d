/** The kernels: the interface of every floating-point loop, its scalar specification, the Vector API twin, and the choice between them. */
package dino.engine.kernels;
