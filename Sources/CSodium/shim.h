#ifndef SESAME_CSODIUM_SHIM_H
#define SESAME_CSODIUM_SHIM_H
#include <sodium.h>
#endif
