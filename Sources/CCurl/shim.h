#ifndef EVERYAUTH_CCURL_SHIM_H
#define EVERYAUTH_CCURL_SHIM_H

#include <curl/curl.h>
#include <dlfcn.h>
#include <stddef.h>
#include <string.h>

// libcurl is loaded at run time (dlopen), at the first transfer, not linked: libcurl brings some thirty
// shared libraries (TLS, Kerberos, LDAP, SSH, IDN...) whose loading and relocation were half of the
// start-up time of every command, including the many that make no request (`--version`, `identity ls`,
// `identity token` with a fresh token). The headers still come from libcurl4-openssl-dev, so types and
// constants are checked at build time, and every entry point is called through its own prototype.
//
// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call. These typed wrappers
// are the only way the Swift code touches libcurl, and only CurlEasy.swift calls them.

/// libcurl's entry points, resolved once by everyauth_curl_load and never changed afterwards.
typedef struct everyauth_curl {
    void *global_init;
    void *version_info;
    void *easy_init;
    void *easy_cleanup;
    void *easy_reset;
    void *easy_perform;
    void *easy_setopt;
    void *easy_getinfo;
    void *easy_strerror;
    void *slist_append;
    void *slist_free_all;
} everyauth_curl;

/// The file everyauth_curl_load opens when given none: the ABI-4 soname every libcurl since 7.16 has.
static inline const char *everyauth_curl_default_library(void) {
#if defined(__APPLE__)
    return "libcurl.4.dylib";
#else
    return "libcurl.so.4";
#endif
}

/// Opens libcurl at `path` and resolves every entry point into `api`. Returns 0, or -1 with the
/// reason (dlerror's text, or the missing symbol) in `error`. Called once per process; the library
/// stays loaded for the process's life.
static inline int everyauth_curl_load(const char *path, everyauth_curl *api, char *error, size_t error_size) {
    void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *reason = dlerror();
        strncpy(error, reason ? reason : "dlopen failed", error_size - 1);
        error[error_size - 1] = 0;
        return -1;
    }
    struct { void **slot; const char *name; } symbols[] = {
        { &api->global_init, "curl_global_init" },
        { &api->version_info, "curl_version_info" },
        { &api->easy_init, "curl_easy_init" },
        { &api->easy_cleanup, "curl_easy_cleanup" },
        { &api->easy_reset, "curl_easy_reset" },
        { &api->easy_perform, "curl_easy_perform" },
        { &api->easy_setopt, "curl_easy_setopt" },
        { &api->easy_getinfo, "curl_easy_getinfo" },
        { &api->easy_strerror, "curl_easy_strerror" },
        { &api->slist_append, "curl_slist_append" },
        { &api->slist_free_all, "curl_slist_free_all" },
    };
    for (size_t index = 0; index < sizeof symbols / sizeof symbols[0]; index++) {
        *symbols[index].slot = dlsym(library, symbols[index].name);
        if (*symbols[index].slot == NULL) {
            strncpy(error, path, error_size - 1);
            error[error_size - 1] = 0;
            strncat(error, " has no ", error_size - 1 - strlen(error));
            strncat(error, symbols[index].name, error_size - 1 - strlen(error));
            dlclose(library);
            return -1;
        }
    }
    return 0;
}

// Calls through a resolved entry point with libcurl's own prototype (typeof of the header's declaration).
#define EVERYAUTH_CURL_CALL(api, name) ((__typeof__(&curl_##name))(api)->name)

typedef CURLcode (*everyauth_setopt_fn)(CURL *, CURLoption, ...);
typedef CURLcode (*everyauth_getinfo_fn)(CURL *, CURLINFO, ...);

static inline CURLcode everyauth_global_init(const everyauth_curl *api) {
    // CURL_GLOBAL_DEFAULT is a macro expression; a function keeps Swift independent of how it is spelled.
    return EVERYAUTH_CURL_CALL(api, global_init)(CURL_GLOBAL_DEFAULT);
}

// CURLVERSION_NOW is a macro naming the newest struct layout these headers know; Swift cannot see it.
static inline const curl_version_info_data *everyauth_version_info(const everyauth_curl *api) {
    return EVERYAUTH_CURL_CALL(api, version_info)(CURLVERSION_NOW);
}

static inline CURL *everyauth_easy_init(const everyauth_curl *api) {
    return EVERYAUTH_CURL_CALL(api, easy_init)();
}

static inline void everyauth_easy_cleanup(const everyauth_curl *api, CURL *handle) {
    EVERYAUTH_CURL_CALL(api, easy_cleanup)(handle);
}

static inline void everyauth_easy_reset(const everyauth_curl *api, CURL *handle) {
    EVERYAUTH_CURL_CALL(api, easy_reset)(handle);
}

static inline CURLcode everyauth_easy_perform(const everyauth_curl *api, CURL *handle) {
    return EVERYAUTH_CURL_CALL(api, easy_perform)(handle);
}

static inline const char *everyauth_easy_strerror(const everyauth_curl *api, CURLcode code) {
    return EVERYAUTH_CURL_CALL(api, easy_strerror)(code);
}

static inline struct curl_slist *everyauth_slist_append(const everyauth_curl *api, struct curl_slist *list, const char *line) {
    return EVERYAUTH_CURL_CALL(api, slist_append)(list, line);
}

static inline void everyauth_slist_free_all(const everyauth_curl *api, struct curl_slist *list) {
    EVERYAUTH_CURL_CALL(api, slist_free_all)(list);
}

static inline CURLcode everyauth_easy_setopt_long(const everyauth_curl *api, CURL *handle, CURLoption option, long value) {
    return ((everyauth_setopt_fn)api->easy_setopt)(handle, option, value);
}

static inline CURLcode everyauth_easy_setopt_string(const everyauth_curl *api, CURL *handle, CURLoption option, const char *value) {
    return ((everyauth_setopt_fn)api->easy_setopt)(handle, option, value);
}

static inline CURLcode everyauth_easy_setopt_pointer(const everyauth_curl *api, CURL *handle, CURLoption option, void *value) {
    return ((everyauth_setopt_fn)api->easy_setopt)(handle, option, value);
}

static inline CURLcode everyauth_easy_setopt_slist(const everyauth_curl *api, CURL *handle, CURLoption option, struct curl_slist *value) {
    return ((everyauth_setopt_fn)api->easy_setopt)(handle, option, value);
}

static inline CURLcode everyauth_easy_setopt_off(const everyauth_curl *api, CURL *handle, CURLoption option, curl_off_t value) {
    return ((everyauth_setopt_fn)api->easy_setopt)(handle, option, value);
}

typedef size_t (*everyauth_data_callback)(char *data, size_t size, size_t count, void *userdata);

static inline CURLcode everyauth_easy_setopt_data_callback(const everyauth_curl *api, CURL *handle, CURLoption option, everyauth_data_callback callback) {
    return ((everyauth_setopt_fn)api->easy_setopt)(handle, option, callback);
}

typedef int (*everyauth_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);

static inline CURLcode everyauth_easy_setopt_xferinfo_callback(const everyauth_curl *api, CURL *handle, everyauth_xferinfo_callback callback) {
    return ((everyauth_setopt_fn)api->easy_setopt)(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

static inline CURLcode everyauth_easy_getinfo_long(const everyauth_curl *api, CURL *handle, CURLINFO info, long *value) {
    return ((everyauth_getinfo_fn)api->easy_getinfo)(handle, info, value);
}

static inline CURLcode everyauth_easy_getinfo_double(const everyauth_curl *api, CURL *handle, CURLINFO info, double *value) {
    return ((everyauth_getinfo_fn)api->easy_getinfo)(handle, info, value);
}

// Restricts a handle to http and https; older libcurl lacks CURLOPT_PROTOCOLS_STR, so it is a no-op there.
static inline CURLcode everyauth_easy_restrict_protocols(const everyauth_curl *api, CURL *handle) {
#if LIBCURL_VERSION_NUM >= 0x075500
    return ((everyauth_setopt_fn)api->easy_setopt)(handle, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    (void)api; (void)handle;
    return CURLE_OK;
#endif
}

// Trusts the PEM certificates in memory (copied) instead of CURLOPT_CAINFO's file; CURLE_NOT_BUILT_IN
// when this libcurl or its TLS backend cannot.
static inline CURLcode everyauth_easy_setopt_cainfo_blob(const everyauth_curl *api, CURL *handle, const void *data, size_t length) {
#if LIBCURL_VERSION_NUM >= 0x074D00
    struct curl_blob blob;
    blob.data = (void *)data;
    blob.len = length;
    blob.flags = CURL_BLOB_COPY;
    return ((everyauth_setopt_fn)api->easy_setopt)(handle, CURLOPT_CAINFO_BLOB, &blob);
#else
    (void)api; (void)handle; (void)data; (void)length;
    return CURLE_NOT_BUILT_IN;
#endif
}

// The CA bundle file libcurl uses by default, or NULL when unknown (libcurl older than 7.84).
static inline const char *everyauth_default_cainfo(const everyauth_curl *api, CURL *handle) {
#if LIBCURL_VERSION_NUM >= 0x075400
    char *path = NULL;
    if (((everyauth_getinfo_fn)api->easy_getinfo)(handle, CURLINFO_CAINFO, &path) != CURLE_OK) return NULL;
    return path;
#else
    (void)api; (void)handle;
    return NULL;
#endif
}

// The CA directory libcurl uses by default (hashed names, read lazily by OpenSSL), or NULL when
// it has none or is older than 7.84.
static inline const char *everyauth_default_capath(const everyauth_curl *api, CURL *handle) {
#if LIBCURL_VERSION_NUM >= 0x075400
    char *path = NULL;
    if (((everyauth_getinfo_fn)api->easy_getinfo)(handle, CURLINFO_CAPATH, &path) != CURLE_OK) return NULL;
    return path;
#else
    (void)api; (void)handle;
    return NULL;
#endif
}

#endif
