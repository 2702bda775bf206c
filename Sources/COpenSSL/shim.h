#ifndef SESAME_COPENSSL_SHIM_H
#define SESAME_COPENSSL_SHIM_H
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/encoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

/* Selections as plain constants: the macros they come from are expressions Swift cannot import. */
static const int sesame_selection_keypair = EVP_PKEY_KEYPAIR;
static const int sesame_selection_public_key = EVP_PKEY_PUBLIC_KEY;

#endif
