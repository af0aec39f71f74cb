/**
 * The security reference monitor (Se): SIDs, the accounts processes run as, tokens with their
 * groups and privileges (SeMakeSystemToken, SeCreateToken, SeSubProcessToken), logon sessions and
 * audit names. Uses ob (tokens are objects) and ex (pool).
 */
package dev.kdlab.kernel.se;
