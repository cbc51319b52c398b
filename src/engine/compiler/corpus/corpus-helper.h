/* Included by the local-include corpus program with #include "corpus-helper.h". */
#define HELPER_ANSWER(a, b) ((a) * (b))
