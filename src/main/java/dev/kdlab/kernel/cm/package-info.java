/**
 * The configuration manager (Cm, Cmp): the registry as the kernel holds it in memory: hives on
 * nt!CmpHiveListHead, key control blocks with their names and parents, and the key bodies behind
 * every Key handle (CmOpenKey). Uses ob (keys are objects), ex (pool) and image (nt's globals).
 */
package dev.kdlab.kernel.cm;
