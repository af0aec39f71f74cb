/**
 * The object manager (Ob): object headers with their optional headers and cookie-encoded type
 * index (ObCreateObject, nt!ObpInfoMaskToOffset), the object types of nt!ObTypeIndexTable with
 * their initializers and methods (ObCreateObjectType), the namespace of directories, named objects
 * and symbolic links (nt!ObpRootDirectoryObject), handles (ObpCreateHandle: the entry, the header's
 * counts, the type's totals), device maps and the security descriptor cache. Uses ex (pool, handle
 * tables) and image (nt's globals and routines).
 */
package dev.kdlab.kernel.ob;
