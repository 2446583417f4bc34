/* A/B microbenchmark for issue 12 (M2Crypto RSA.sign / RSA.verify rows):
 * what the real M2Crypto calls (RSA_sign / RSA_verify on an RSA*) against
 * the EVP paths the core can take, on the same RSA-2048 key and digest.
 *
 *   cc -O2 -o /tmp/rsa_ab bench/micro/rsa_pkcs1_ab.c -lcrypto
 *   taskset -c 1 /tmp/rsa_ab bench/_work/fixtures/rsa2048.key [rounds]
 *
 * Modes are interleaved round by round so a load change on a shared machine
 * hits them all alike. A round times a few calls (about 1 ms), shorter than
 * a scheduler slice, so on a loaded machine many rounds still run
 * undisturbed: the minimum and the 10th percentile are the numbers to read,
 * the median shows the load. The deprecated RSA_* calls are here only as the reference: the
 * core itself is EVP-only. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static RSA* rsa;
static EVP_PKEY* pkey;
static EVP_MD* sha256;
static unsigned char dgst[32], info[51], sig[512];
static size_t siglen;
static EVP_PKEY_CTX *sign_ctx, *sign_md_ctx, *vr_ctx, *v_md_ctx;

/* DigestInfo(sha256, dgst), as RSA_sign builds it. */
static const unsigned char kSha256Prefix[19] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60,
                                                0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                                                0x01, 0x05, 0x00, 0x04, 0x20};

static void die(const char* what) {
  fprintf(stderr, "%s failed\n", what);
  exit(1);
}

static void sign_legacy(void) {
  unsigned int n = 0;
  if (RSA_sign(NID_sha256, dgst, 32, sig, &n, rsa) != 1) die("RSA_sign");
}
static void verify_legacy(void) {
  if (RSA_verify(NID_sha256, dgst, 32, sig, (unsigned)siglen, rsa) != 1) die("RSA_verify");
}

/* What the core did before: a new context per call, no md (DigestInfo
 * built by the caller), the size query then the operation. */
static void sign_fresh_raw(void) {
  EVP_PKEY_CTX* c = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
  size_t n = 0;
  if (!c || EVP_PKEY_sign_init(c) != 1 || EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING) != 1 ||
      EVP_PKEY_sign(c, NULL, &n, info, sizeof info) != 1 ||
      EVP_PKEY_sign(c, sig, &n, info, sizeof info) != 1)
    die("sign_fresh_raw");
  EVP_PKEY_CTX_free(c);
}
/* A new context per call with the digest set (provider encodes DigestInfo). */
static void sign_fresh_md(void) {
  EVP_PKEY_CTX* c = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
  size_t n = sizeof sig;
  if (!c || EVP_PKEY_sign_init(c) != 1 || EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING) != 1 ||
      EVP_PKEY_CTX_set_signature_md(c, sha256) != 1 || EVP_PKEY_sign(c, sig, &n, dgst, 32) != 1)
    die("sign_fresh_md");
  EVP_PKEY_CTX_free(c);
}
static void sign_reuse_raw(void) {
  size_t n = sizeof sig;
  if (EVP_PKEY_sign(sign_ctx, sig, &n, info, sizeof info) != 1) die("sign_reuse_raw");
}
static void sign_reuse_md(void) {
  size_t n = sizeof sig;
  if (EVP_PKEY_sign(sign_md_ctx, sig, &n, dgst, 32) != 1) die("sign_reuse_md");
}

static void verify_fresh_recover(void) {
  unsigned char out[512];
  size_t n = sizeof out;
  EVP_PKEY_CTX* c = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
  if (!c || EVP_PKEY_verify_recover_init(c) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING) != 1 ||
      EVP_PKEY_verify_recover(c, out, &n, sig, siglen) != 1 || n != sizeof info ||
      memcmp(out, info, n) != 0)
    die("verify_fresh_recover");
  EVP_PKEY_CTX_free(c);
}
static void verify_reuse_recover(void) {
  unsigned char out[512];
  size_t n = sizeof out;
  if (EVP_PKEY_verify_recover(vr_ctx, out, &n, sig, siglen) != 1 || n != sizeof info ||
      memcmp(out, info, n) != 0)
    die("verify_reuse_recover");
}
static void verify_reuse_md(void) {
  if (EVP_PKEY_verify(v_md_ctx, sig, siglen, dgst, 32) != 1) die("verify_reuse_md");
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return x < y ? -1 : x > y;
}

struct mode {
  const char* name;
  void (*fn)(void);
  int iters;
  double* samples;
};

int main(int argc, char** argv) {
  if (argc < 2) die("usage: rsa_ab KEY.pem [rounds]");
  int rounds = argc > 2 ? atoi(argv[2]) : 2000;
  FILE* f = fopen(argv[1], "r");
  if (!f) die("fopen");
  pkey = PEM_read_PrivateKey(f, NULL, NULL, NULL);
  rewind(f);
  rsa = PEM_read_RSAPrivateKey(f, NULL, NULL, NULL); /* as M2Crypto.RSA.load_key_string */
  fclose(f);
  if (!pkey || !rsa) die("key load");
  sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
  for (int i = 0; i < 32; i++) dgst[i] = (unsigned char)(i * 7);
  memcpy(info, kSha256Prefix, 19);
  memcpy(info + 19, dgst, 32);
  sign_ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
  sign_md_ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
  vr_ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
  v_md_ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
  if (EVP_PKEY_sign_init(sign_ctx) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(sign_ctx, RSA_PKCS1_PADDING) != 1 ||
      EVP_PKEY_sign_init(sign_md_ctx) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(sign_md_ctx, RSA_PKCS1_PADDING) != 1 ||
      EVP_PKEY_CTX_set_signature_md(sign_md_ctx, sha256) != 1 ||
      EVP_PKEY_verify_recover_init(vr_ctx) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(vr_ctx, RSA_PKCS1_PADDING) != 1 ||
      EVP_PKEY_verify_init(v_md_ctx) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(v_md_ctx, RSA_PKCS1_PADDING) != 1 ||
      EVP_PKEY_CTX_set_signature_md(v_md_ctx, sha256) != 1)
    die("ctx setup");
  unsigned int n = 0;
  if (RSA_sign(NID_sha256, dgst, 32, sig, &n, rsa) != 1) die("RSA_sign");
  siglen = n;

  struct mode modes[] = {
      {"sign   RSA_sign(RSA*)                 ", sign_legacy, 1, 0},
      {"sign   EVP fresh ctx, DigestInfo, 2x  ", sign_fresh_raw, 1, 0},
      {"sign   EVP fresh ctx, md set          ", sign_fresh_md, 1, 0},
      {"sign   EVP reused ctx, DigestInfo     ", sign_reuse_raw, 1, 0},
      {"sign   EVP reused ctx, md set         ", sign_reuse_md, 1, 0},
      {"verify RSA_verify(RSA*)               ", verify_legacy, 20, 0},
      {"verify EVP fresh ctx, verify_recover  ", verify_fresh_recover, 20, 0},
      {"verify EVP reused ctx, verify_recover ", verify_reuse_recover, 20, 0},
      {"verify EVP reused ctx, md set         ", verify_reuse_md, 20, 0},
  };
  const int nm = sizeof modes / sizeof modes[0];
  for (int m = 0; m < nm; m++) {
    modes[m].samples = calloc(rounds, sizeof(double));
    for (int i = 0; i < 20; i++) modes[m].fn(); /* warm up */
  }
  for (int r = 0; r < rounds; r++) {
    for (int m = 0; m < nm; m++) {
      double t0 = now();
      for (int i = 0; i < modes[m].iters; i++) modes[m].fn();
      modes[m].samples[r] = (now() - t0) / modes[m].iters * 1e6;
    }
  }
  for (int m = 0; m < nm; m++) {
    qsort(modes[m].samples, rounds, sizeof(double), cmp);
    printf("%s min %8.2f  p10 %8.2f  median %8.2f us\n", modes[m].name, modes[m].samples[0],
           modes[m].samples[rounds / 10], modes[m].samples[rounds / 2]);
  }
  return 0;
}
