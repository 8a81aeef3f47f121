#ifndef EVERYAUTH_CCURL_SHIM_H
#define EVERYAUTH_CCURL_SHIM_H

#include <curl/curl.h>

// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call.
// These typed wrappers are the only way the Swift code touches them, and only CurlEasy.swift calls them.

static inline CURLcode everyauth_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode everyauth_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode everyauth_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode everyauth_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode everyauth_easy_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

typedef size_t (*everyauth_data_callback)(char *data, size_t size, size_t count, void *userdata);

static inline CURLcode everyauth_easy_setopt_data_callback(CURL *handle, CURLoption option, everyauth_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

typedef int (*everyauth_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);

static inline CURLcode everyauth_easy_setopt_xferinfo_callback(CURL *handle, everyauth_xferinfo_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

static inline CURLcode everyauth_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode everyauth_easy_getinfo_double(CURL *handle, CURLINFO info, double *value) {
    return curl_easy_getinfo(handle, info, value);
}

// CURL_GLOBAL_DEFAULT is a macro expression; a function keeps Swift independent of how it is spelled.
static inline CURLcode everyauth_global_init(void) {
    return curl_global_init(CURL_GLOBAL_DEFAULT);
}

// CURLVERSION_NOW is a macro naming the newest struct layout these headers know; Swift cannot see it.
static inline const curl_version_info_data *everyauth_version_info(void) {
    return curl_version_info(CURLVERSION_NOW);
}

// Restricts a handle to http and https; older libcurl lacks CURLOPT_PROTOCOLS_STR, so it is a no-op there.
static inline CURLcode everyauth_easy_restrict_protocols(CURL *handle) {
#if LIBCURL_VERSION_NUM >= 0x075500
    return curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    (void)handle;
    return CURLE_OK;
#endif
}

// Trusts the PEM certificates in memory (copied) instead of CURLOPT_CAINFO's file; CURLE_NOT_BUILT_IN
// when this libcurl or its TLS backend cannot.
static inline CURLcode everyauth_easy_setopt_cainfo_blob(CURL *handle, const void *data, size_t length) {
#if LIBCURL_VERSION_NUM >= 0x074D00
    struct curl_blob blob;
    blob.data = (void *)data;
    blob.len = length;
    blob.flags = CURL_BLOB_COPY;
    return curl_easy_setopt(handle, CURLOPT_CAINFO_BLOB, &blob);
#else
    (void)handle; (void)data; (void)length;
    return CURLE_NOT_BUILT_IN;
#endif
}

// The CA bundle file libcurl uses by default, or NULL when unknown (libcurl older than 7.84).
static inline const char *everyauth_default_cainfo(CURL *handle) {
#if LIBCURL_VERSION_NUM >= 0x075400
    char *path = NULL;
    if (curl_easy_getinfo(handle, CURLINFO_CAINFO, &path) != CURLE_OK) return NULL;
    return path;
#else
    (void)handle;
    return NULL;
#endif
}

// The CA directory libcurl uses by default (hashed names, read lazily by OpenSSL), or NULL when
// it has none or is older than 7.84.
static inline const char *everyauth_default_capath(CURL *handle) {
#if LIBCURL_VERSION_NUM >= 0x075400
    char *path = NULL;
    if (curl_easy_getinfo(handle, CURLINFO_CAPATH, &path) != CURLE_OK) return NULL;
    return path;
#else
    (void)handle;
    return NULL;
#endif
}

#endif
