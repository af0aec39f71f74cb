/**
 * The object manager (Ob): object headers with their optional headers and cookie-encoded type
 * index (ObCreateObject), and the object types of nt!ObTypeIndexTable. Uses ex (pool).
 */
package dev.kdlab.kernel.ob;
