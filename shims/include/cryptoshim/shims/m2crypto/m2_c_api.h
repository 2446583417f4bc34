/* The plain-C surface behind the flat `M2Crypto.m2` namespace. SWIG wraps
 * this header (bindings/swig/m2.i); nothing from OpenSSL's headers appears
 * here, so the generated module exposes exactly these names and no leaked
 * OPENSSL_sk_* or ossl_check_* helpers. Handles are opaque; buffers returned
 * through `out` parameters are allocated here and released with m2_free. */
#ifndef CRYPTOSHIM_SHIMS_M2CRYPTO_M2_C_API_H_
#define CRYPTOSHIM_SHIMS_M2CRYPTO_M2_C_API_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

void m2_free(void* p);
/* Frees memory OpenSSL allocated (OPENSSL_free), handed out as ossl_out. */
void m2_openssl_free(void* p);
/* 1 while a handle from m2_cipher_ctx_new / m2_aes_new / m2_rsa_new / the
 * *_to_bn functions has not been freed (m2.i refuses freed handles). */
int m2_handle_is_live(const void* handle);

/* Constants (NID_*, X509_V_*, SSL_OP_*, padding numbers...), as a table so
 * their values come from OpenSSL at compile time without exposing headers. */
size_t m2_constant_count(void);
const char* m2_constant_name(size_t i);
long m2_constant_value(size_t i);
const char* m2_openssl_version_text(void);

/* The thread's OpenSSL error queue. */
unsigned long m2_err_get_error(void);
unsigned long m2_err_peek_error(void);
void m2_err_clear_error(void);
const char* m2_err_lib_error_string(unsigned long e);
const char* m2_err_func_error_string(unsigned long e);
const char* m2_err_reason_error_string(unsigned long e);
/* M2Crypto's message for the oldest queued error ("reason" or
 * "reason (data)"), draining the queue; "" when it is empty. Caller frees. */
char* m2_err_pop_message(void);

int m2_time_t_bits(void);

/* M2Crypto.threading: OpenSSL >= 1.1 locks internally, so these are no-ops
 * kept for callers (M2Crypto's own are empty too). */
void m2_threading_init(void);
void m2_threading_cleanup(void);

/* Object identifiers (OBJ_*). 0 / NULL when unknown. */
int m2_obj_sn2nid(const char* sn);
int m2_obj_ln2nid(const char* ln);
int m2_obj_txt2nid(const char* txt);
const char* m2_obj_nid2sn(int nid);
const char* m2_obj_nid2ln(int nid);
/* ASN1_OBJECTs cross this interface as their dotted OID text ("2.5.4.3"),
 * which M2Crypto/m2.py wraps in a handle. The functions below return no
 * bytes (None from Python) for unknown input, leaving the error queue as it
 * was. OBJ_txt2obj: `txt` is a short or long name or dotted digits (digits
 * only when no_name). */
int m2_obj_txt2oid(const char* txt, int no_name, unsigned char** optout, size_t* optoutlen);
/* OBJ_nid2obj. */
int m2_obj_nid2oid(int nid, unsigned char** optout, size_t* optoutlen);
/* OBJ_obj2txt of the object with dotted OID `oid`: its name when it has one
 * and !no_name, else the digits. */
int m2_obj_oid2txt(const char* oid, int no_name, unsigned char** optout, size_t* optoutlen);

/* Random bytes from the DRBG; 0 on failure. */
int m2_rand_bytes(int nbytes, unsigned char** out, size_t* outlen);
int m2_rand_status(void);
void m2_rand_add(const unsigned char* data, size_t len, double entropy);

/* Big numbers. */
typedef struct m2_bignum m2_bignum;
/* `text` is NUL-terminated (m2.i's text typemap: a bytes object's own
   buffer, else a copy); OpenSSL's parsers read up to the first non-digit,
   so `textlen` (the buffer's length) is informational. */
m2_bignum* m2_hex_to_bn(const char* text, size_t textlen);
m2_bignum* m2_dec_to_bn(const char* text, size_t textlen);
m2_bignum* m2_mpi_to_bn(const unsigned char* data, size_t len);
m2_bignum* m2_bin_to_bn(const unsigned char* data, size_t len);
void m2_bn_free(m2_bignum* bn);
// The text in OpenSSL's memory: free it with m2_openssl_free.
int m2_bn_to_hex(const m2_bignum* bn, char** ossl_out, size_t* ossl_outlen);
int m2_bn_to_mpi(const m2_bignum* bn, unsigned char** out, size_t* outlen);
int m2_bn_to_bin(const m2_bignum* bn, unsigned char** out, size_t* outlen);
/* BN_rand / BN_rand_range, big-endian in and out (m2.py converts to int). */
int m2_bn_rand_bytes(int bits, int top, int bottom, unsigned char** out, size_t* outlen);
int m2_bn_rand_range_bytes(const unsigned char* data, size_t len, unsigned char** out,
                           size_t* outlen);

/* Message digests by name; NULL for unknown names. The handle is static. */
typedef struct m2_md m2_md;
const m2_md* m2_get_digestbyname(const char* name);
const char* m2_md_name(const m2_md* md);
int m2_md_size(const m2_md* md);

/* Cipher descriptors and streaming contexts (m2.aes_128_cbc(),
 * m2.cipher_ctx_new(), m2.cipher_init()...). Descriptors are static; NULL
 * and a queued error for unknown names. cipher_init with a NULL key or iv
 * keeps the previous one, as EVP_CipherInit does. */
typedef struct m2_cipher m2_cipher;
typedef struct m2_cipher_ctx m2_cipher_ctx;
const m2_cipher* m2_cipher_by_name(const char* m2_alg);
const char* m2_cipher_name(const m2_cipher* cipher);
m2_cipher_ctx* m2_cipher_ctx_new(void);
void m2_cipher_ctx_free(m2_cipher_ctx* ctx);
int m2_cipher_init(m2_cipher_ctx* ctx, const m2_cipher* cipher, const unsigned char* key,
                   size_t keylen, const unsigned char* iv, size_t ivlen, int op);
int m2_cipher_set_padding(m2_cipher_ctx* ctx, int padding);
int m2_cipher_update(m2_cipher_ctx* ctx, const unsigned char* data, size_t len, unsigned char** out,
                     size_t* outlen);
int m2_cipher_final(m2_cipher_ctx* ctx, unsigned char** out, size_t* outlen);
/* AEAD on a cipher context, as M2Crypto's cipher_update_aad and
 * cipher_ctrl_get / cipher_ctrl_set (EVP_CIPHER_CTX_ctrl). The controls
 * supported are the AEAD tag (EVP_CTRL_AEAD_GET_TAG / SET_TAG) and the IV
 * length (EVP_CTRL_AEAD_SET_IVLEN, accepted when it matches the IV given to
 * cipher_init, which sets it). 0 and a queued error otherwise. */
int m2_cipher_update_aad(m2_cipher_ctx* ctx, const unsigned char* data, size_t len);
int m2_cipher_ctrl_get(m2_cipher_ctx* ctx, int cmd, int taglen, unsigned char** out,
                       size_t* outlen);
int m2_cipher_ctrl_set(m2_cipher_ctx* ctx, int cmd, const unsigned char* data, size_t len);

/* M2Crypto's low-level AES (AES_set_key / AES_crypt): raw AES-ECB block
 * by block, without padding. Unsafe; kept for old callers only. */
typedef struct m2_aes_key m2_aes_key;
m2_aes_key* m2_aes_new(void);
void m2_AES_free(m2_aes_key* key);
int m2_AES_type_check(const m2_aes_key* key);
/* op 0 prepares encryption, anything else decryption. */
int m2_AES_set_key(m2_aes_key* key, const unsigned char* data, size_t len, int bits, int op);
/* Processes the first `nbytes` bytes (a multiple of 16); op as above. */
int m2_AES_crypt(m2_aes_key* key, const unsigned char* data, size_t len, int nbytes, int op,
                 unsigned char** out, size_t* outlen);

/* A detached RSA public-component holder, for m2.rsa_new/rsa_set_n/... */
typedef struct m2_rsa m2_rsa;
m2_rsa* m2_rsa_new(void);
void m2_rsa_free(m2_rsa* rsa);
/* 0 and a queued error when the MPI is malformed. */
int m2_rsa_set_n(m2_rsa* rsa, const unsigned char* data, size_t len);
int m2_rsa_set_e(m2_rsa* rsa, const unsigned char* data, size_t len);
int m2_rsa_get_n(const m2_rsa* rsa, unsigned char** out, size_t* outlen);
int m2_rsa_get_e(const m2_rsa* rsa, unsigned char** out, size_t* outlen);
/* The private exponent, which makes RSA.RSA(holder) a private key. get_d
 * gives nothing (None) while it is unset. */
int m2_rsa_set_d(m2_rsa* rsa, const unsigned char* data, size_t len);
int m2_rsa_get_d(const m2_rsa* rsa, unsigned char** optout, size_t* optoutlen);

#ifdef __cplusplus
}
#endif

#endif
