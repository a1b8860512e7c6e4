/** Limits shared by the split schemes. */

/** At most this many child keys in one split (indices 1..255 fit a byte; GF(2^8) has 255 non-zero x). */
export const MAX_PARTIES = 255;
