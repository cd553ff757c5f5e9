/*
 * The bare cost of libsrtp2 for the media relay's work, in C with nothing around it (issue 16,
 * docs/benchmarks.md "the media relay, second reading"): every packet is unprotected under one
 * key and protected under another (AES_CM_128_HMAC_SHA1_80, 172-octet G.711 packets), over K
 * directions of calls in turn, each with its own pair of keys, as a relay carrying K/2 calls
 * takes them. Prints the CPU per packet and what 25,000 packets/s (250 calls) would take of a
 * core. With "speed", NSS is started first without NSS_INIT_OPTIMIZESPACE, as SRTPLibrary
 * does (Debian's libsrtp2 does its AES and HMAC through NSS); with "gcm" the suite is
 * AEAD_AES_128_GCM instead.
 *
 *   cc -O2 srtp_floor.c -o srtp_floor $(pkg-config --cflags --libs libsrtp2 nss)
 *   ./srtp_floor 500 50000 speed; ./srtp_floor 1 50000 speed; ./srtp_floor 500 50000 speed gcm
 */
#include <srtp2/srtp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

extern int NSS_Initialize(const char *, const char *, const char *, const char *, unsigned);

static double thread_cpu_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int gcm = 0;

static srtp_t session(unsigned char *key, int inbound) {
    srtp_policy_t policy;
    memset(&policy, 0, sizeof policy);
    if (gcm) {
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp);
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp);
    } else {
        srtp_crypto_policy_set_rtp_default(&policy.rtp);
        srtp_crypto_policy_set_rtcp_default(&policy.rtcp);
    }
    policy.ssrc.type = inbound ? ssrc_any_inbound : ssrc_any_outbound;
    policy.key = key;
    policy.window_size = 128;
    srtp_t made;
    if (srtp_create(&made, &policy) != srtp_err_status_ok) { fprintf(stderr, "srtp_create failed\n"); exit(1); }
    return made;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s DIRECTIONS PACKETS [speed] [gcm]\n", argv[0]); return 2; }
    int directions = atoi(argv[1]), packets = atoi(argv[2]);
    if (directions < 1 || packets < directions) { fprintf(stderr, "DIRECTIONS >= 1, PACKETS >= DIRECTIONS\n"); return 2; }
    /* NSS_INIT_READONLY | NOCERTDB | NOMODDB | FORCEOPEN | NOROOTINIT, as SRTPLibrary. */
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "speed") == 0) NSS_Initialize("", "", "", "", 0x1f);
        if (strcmp(argv[i], "gcm") == 0) gcm = 1;
    }
    srtp_init();
    srtp_t *phone = malloc(directions * sizeof(srtp_t)), *in = malloc(directions * sizeof(srtp_t)),
           *out = malloc(directions * sizeof(srtp_t));
    for (int k = 0; k < directions; k++) {
        unsigned char phone_key[30], relay_key[30];
        for (int i = 0; i < 30; i++) { phone_key[i] = rand(); relay_key[i] = rand(); }
        phone[k] = session(phone_key, 0);
        in[k] = session(phone_key, 1);
        out[k] = session(relay_key, 0);
    }
    unsigned char (*packet)[256] = malloc((size_t)packets * 256);
    int *length = malloc(packets * sizeof(int));
    for (int i = 0; i < packets; i++) {
        int k = i % directions, sequence = i / directions;
        uint32_t ssrc = 1000 + k;
        unsigned char *p = packet[i];
        memset(p, 0, 256);
        p[0] = 0x80;
        p[2] = sequence >> 8; p[3] = sequence;
        p[8] = ssrc >> 24; p[9] = ssrc >> 16; p[10] = ssrc >> 8; p[11] = ssrc;
        length[i] = 172;
        if (srtp_protect(phone[k], p, &length[i]) != srtp_err_status_ok) { fprintf(stderr, "protect failed\n"); return 1; }
    }
    /* Only the relay's sessions stay alive while it is timed. */
    for (int k = 0; k < directions; k++) srtp_dealloc(phone[k]);
    double start = thread_cpu_seconds();
    for (int i = 0; i < packets; i++) {
        int k = i % directions, l = length[i];
        if (srtp_unprotect(in[k], packet[i], &l) != srtp_err_status_ok || srtp_protect(out[k], packet[i], &l) != srtp_err_status_ok) {
            fprintf(stderr, "packet %d failed\n", i);
            return 1;
        }
    }
    double seconds = thread_cpu_seconds() - start;
    printf("%s, %d directions: %.2f us per packet, %.1f %% of a core at 25,000 packets/s\n", gcm ? "AEAD_AES_128_GCM" : "AES_CM_128_HMAC_SHA1_80", directions, seconds / packets * 1e6,
           100 * seconds / packets * 25000);
    return 0;
}
