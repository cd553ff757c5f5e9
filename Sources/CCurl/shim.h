#ifndef CALLPLANE_CCURL_SHIM_H
#define CALLPLANE_CCURL_SHIM_H
#include <curl/curl.h>

/// curl_easy_setopt and curl_easy_getinfo are variadic and do not import into Swift; each
/// wrapper fixes the type of the one argument an option takes (curl.h, CURLOPTTYPE_*).

static inline CURLcode callplane_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode callplane_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode callplane_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode callplane_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

/// CURLOPTTYPE_OFF_T options (CURLOPT_INFILESIZE_LARGE): a `long` is too small for a file over
/// 2 GiB where `long` has 32 bits, so these take libcurl's own 64-bit `curl_off_t`.
static inline CURLcode callplane_curl_setopt_offset(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode callplane_curl_setopt_write_function(CURL *handle, curl_write_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

/// CURLOPT_READFUNCTION: the callback that hands libcurl the bytes of an upload (an SMTP message,
/// a file sent by FTP).
static inline CURLcode callplane_curl_setopt_read_function(CURL *handle, curl_read_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_READFUNCTION, callback);
}

/// CURLOPT_DEBUGFUNCTION: sees every protocol line libcurl sends and receives (with
/// CURLOPT_VERBOSE 1), which is how the SMTP client knows the step a transfer failed in.
static inline CURLcode callplane_curl_setopt_debug_function(CURL *handle, curl_debug_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_DEBUGFUNCTION, callback);
}

static inline CURLcode callplane_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

/// CURL_GLOBAL_DEFAULT is a composite macro and does not import.
static inline CURLcode callplane_curl_global_init(void) {
    return curl_global_init(CURL_GLOBAL_DEFAULT);
}
#endif
