#ifndef CALLPLANE_CNETSNMP_SHIM_H
#define CALLPLANE_CNETSNMP_SHIM_H
/* The glibc headers first: net-snmp's headers use fd_set and friends without including them,
   and Clang's module check fails otherwise (FIELD-NOTES, Net-SNMP). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/time.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/prctl.h>
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>
#include <net-snmp/agent/agent_callbacks.h>

/* Composite macros do not import into Swift; these re-export the ones the bridge uses. */
enum {
    CALLPLANE_MODE_GET = MODE_GET,
    CALLPLANE_MODE_GETNEXT = MODE_GETNEXT,
    CALLPLANE_ASN_INTEGER = ASN_INTEGER,
    CALLPLANE_ASN_OCTET_STR = ASN_OCTET_STR,
    CALLPLANE_ASN_OBJECT_ID = ASN_OBJECT_ID,
    CALLPLANE_ASN_TIMETICKS = ASN_TIMETICKS,
    CALLPLANE_ASN_GAUGE = ASN_GAUGE,
    CALLPLANE_ASN_COUNTER = ASN_COUNTER,
    CALLPLANE_ASN_UNSIGNED = ASN_UNSIGNED,
    CALLPLANE_SNMP_NOSUCHOBJECT = SNMP_NOSUCHOBJECT,
    CALLPLANE_SNMP_NOSUCHINSTANCE = SNMP_NOSUCHINSTANCE,
    CALLPLANE_SNMP_MSG_TRAP2 = SNMP_MSG_TRAP2,
    CALLPLANE_SNMP_MSG_INFORM = SNMP_MSG_INFORM,
    CALLPLANE_SNMP_MSG_RESPONSE = SNMP_MSG_RESPONSE,
    CALLPLANE_SNMP_MSG_REPORT = SNMP_MSG_REPORT,
    CALLPLANE_CALLBACK_OP_RECEIVED_MESSAGE = NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE,
    CALLPLANE_CALLBACK_OP_TIMED_OUT = NETSNMP_CALLBACK_OP_TIMED_OUT,
    CALLPLANE_SNMP_VERSION_2c = SNMP_VERSION_2c,
    CALLPLANE_SNMP_VERSION_3 = SNMP_VERSION_3,
    CALLPLANE_SNMP_SEC_LEVEL_AUTHPRIV = SNMP_SEC_LEVEL_AUTHPRIV,
    CALLPLANE_STAT_SUCCESS = STAT_SUCCESS,
    CALLPLANE_STAT_TIMEOUT = STAT_TIMEOUT,
    CALLPLANE_VACM_NOACCESS = VACM_NOACCESS,
};

/* Library settings, made before init_agent/init_snmp so nothing of the system's snmp files
   is read and nothing is persisted (secrets stay in the event log only). */
static inline void callplane_snmp_prepare(const char *persistentDir, const char *agentAddress) {
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
    netsnmp_ds_set_string(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_PERSISTENT_DIR, persistentDir);
    netsnmp_ds_set_string(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_CONFIGURATION_DIR, persistentDir);
    netsnmp_ds_set_string(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_MIBDIRS, persistentDir);
    netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_ROLE, 0);
    netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_DONT_LOG_TCPWRAPPERS_CONNECTS, 1);
    netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_PORTS, agentAddress);
    unsetenv("SNMPCONFPATH");
    unsetenv("MIBDIRS");
    /* An empty list: the agent needs no MIB text, and the default list prints a "Cannot find
       module" line for every module Debian's free packages lack. */
    setenv("MIBS", "", 1);
}

/* As a sub-agent of the system snmpd over AgentX (RFC 2741). */
static inline void callplane_snmp_prepare_subagent(const char *persistentDir, const char *masterSocket) {
    callplane_snmp_prepare(persistentDir, "");
    netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_ROLE, 1);
    netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET, masterSocket);
}

/* Names the calling thread (pthread_setname_np needs _GNU_SOURCE, prctl is variadic). */
static inline void callplane_name_thread(const char *name) {
    prctl(PR_SET_NAME, name, 0, 0, 0);
}

/* Registers a read-only handler for a subtree; `context` comes back as handler->myvoid. */
static inline int callplane_snmp_register(const char *name, const oid *root, size_t rootLength,
                                          Netsnmp_Node_Handler *handler, void *context) {
    netsnmp_handler_registration *registration =
        netsnmp_create_handler_registration(name, handler, root, rootLength, HANDLER_CAN_RONLY);
    if (registration == NULL) return -1;
    registration->handler->myvoid = context;
    return netsnmp_register_handler(registration);
}

/* The peer's address of a request (UDP and TCP keep a netsnmp_indexed_addr_pair) as raw bytes:
   `length` 4 or 16, 0 when unknown. No text: the access check runs once per varbind. */
typedef struct {
    unsigned char length;
    unsigned char bytes[16];
} callplane_source_address;

static inline callplane_source_address callplane_pdu_source_address(const netsnmp_pdu *pdu) {
    callplane_source_address source;
    memset(&source, 0, sizeof source);
    if (pdu == NULL || pdu->transport_data == NULL || pdu->transport_data_length < (int)sizeof(struct sockaddr_in)) return source;
    const netsnmp_indexed_addr_pair *pair = (const netsnmp_indexed_addr_pair *)pdu->transport_data;
    if (pair->remote_addr.sa.sa_family == AF_INET) {
        source.length = 4;
        memcpy(source.bytes, &pair->remote_addr.sin.sin_addr, 4);
    } else if (pair->remote_addr.sa.sa_family == AF_INET6 && pdu->transport_data_length >= (int)sizeof(struct sockaddr_in6)) {
        source.length = 16;
        memcpy(source.bytes, &pair->remote_addr.sin6.sin6_addr, 16);
    }
    return source;
}

static inline int callplane_source_address_equal(const callplane_source_address *a, const callplane_source_address *b) {
    return a->length == b->length && memcmp(a->bytes, b->bytes, a->length) == 0;
}

static inline netsnmp_pdu *callplane_view_pdu(void *serverarg) {
    return ((struct view_parameters *)serverarg)->pdu;
}

static inline void callplane_view_deny(void *serverarg) {
    ((struct view_parameters *)serverarg)->errorcode = VACM_NOACCESS;
}

/* Runs `callback` after the access checks of every request: it denies what comes from outside
   the allowed networks. Priority after VACM's own, so a denial is never overwritten. */
static inline int callplane_snmp_register_access_check(SNMPCallback *callback, void *context) {
    return netsnmp_register_callback(SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_ACM_CHECK_INITIAL, callback, context, 100) |
           netsnmp_register_callback(SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_ACM_CHECK, callback, context, 100);
}

/* net-snmp's own log lines ("Created directory", "AgentX subagent connected", errors) go to
   `callback` instead of stderr, so they reach the server's log with its other lines. */
static inline void callplane_snmp_log_to(SNMPCallback *callback, void *context) {
    snmp_disable_log();
    snmp_enable_calllog();
    snmp_register_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_LOGGING, callback, context);
}

/* Before snmp_shutdown, for the reason below. */
static inline void callplane_snmp_log_unregister(SNMPCallback *callback, void *context) {
    snmp_unregister_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_LOGGING, callback, context, 1);
}

/* Packets the agent could not take as SNMP: undecodable (RFC 3418 snmpInASNParseErrs), an
   unknown version (snmpInBadVersions, SNMPv1 included) or an invalid SNMPv3 message or
   security model (RFC 3412 snmpInvalidMsgs, snmpUnknownSecurityModels). */
static inline u_int callplane_malformed_packets(void) {
    return snmp_get_statistic(STAT_SNMPINASNPARSEERRS) + snmp_get_statistic(STAT_SNMPINBADVERSIONS) +
           snmp_get_statistic(STAT_SNMPINVALIDMSGS) + snmp_get_statistic(STAT_SNMPUNKNOWNSECURITYMODELS);
}

static inline int callplane_log_priority(const void *serverarg) {
    return ((const struct snmp_log_message *)serverarg)->priority;
}

static inline const char *callplane_log_text(const void *serverarg) {
    return ((const struct snmp_log_message *)serverarg)->msg;
}

/* Before snmp_shutdown: its clear_callback frees every callback's client argument, and ours is
   the Swift agent object, not memory net-snmp allocated (that free corrupted the heap). */
static inline void callplane_snmp_unregister_access_check(SNMPCallback *callback, void *context) {
    snmp_unregister_callback(SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_ACM_CHECK_INITIAL, callback, context, 1);
    snmp_unregister_callback(SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_ACM_CHECK, callback, context, 1);
}

/* usmHMACSHA1AuthProtocol and usmAESPrivProtocol are mutable C globals: Swift 6 cannot read them. */
static inline void callplane_session_v3_authpriv(netsnmp_session *session, const char *user,
                                                 const char *authPassphrase, const char *privPassphrase) {
    session->version = SNMP_VERSION_3;
    session->securityName = strdup(user);
    session->securityNameLen = strlen(user);
    session->securityLevel = SNMP_SEC_LEVEL_AUTHPRIV;
    session->securityAuthProto = snmp_duplicate_objid(usmHMACSHA1AuthProtocol, USM_AUTH_PROTO_SHA_LEN);
    session->securityAuthProtoLen = USM_AUTH_PROTO_SHA_LEN;
    session->securityAuthKeyLen = USM_AUTH_KU_LEN;
    generate_Ku(session->securityAuthProto, session->securityAuthProtoLen, (const u_char *)authPassphrase,
                strlen(authPassphrase), session->securityAuthKey, &session->securityAuthKeyLen);
    session->securityPrivProto = snmp_duplicate_objid(usmAESPrivProtocol, USM_PRIV_PROTO_AES_LEN);
    session->securityPrivProtoLen = USM_PRIV_PROTO_AES_LEN;
    session->securityPrivKeyLen = USM_PRIV_KU_LEN;
    generate_Ku(session->securityAuthProto, session->securityAuthProtoLen, (const u_char *)privPassphrase,
                strlen(privPassphrase), session->securityPrivKey, &session->securityPrivKeyLen);
}

/* Before the access lines are read again: createUser has no free function, so the old users
   would stay (and a changed passphrase would not take). */
static inline void callplane_usm_remove_all_users(void) {
    struct usmUser *user;
    while ((user = usm_get_userList()) != NULL) {
        usm_remove_user(user);
        usm_free_user(user);
    }
}

static inline void callplane_session_v2c(netsnmp_session *session, const char *community) {
    session->version = SNMP_VERSION_2c;
    session->community = (u_char *)strdup(community);
    session->community_len = strlen(community);
}
/* A session to a notification receiver: SNMPv2c with `community`, or SNMPv3 authPriv (SHA/AES)
   when `user` is set. An SNMPv3 receiver's engine (`engineID`, `boots`, `time`) has been
   discovered before, off the agent's thread: net-snmp's own probe would wait inside snmp_open
   for timeout x (retries + 1), holding the agent (issue 13, point 10). So probing is off, the
   engine's clock is set the way snmp_open would after its probe, and the user's keys are
   localised to the engine. snmp_open copies every field it keeps, so the ones made here are
   freed. On failure `error` holds net-snmp's reason. */
static inline netsnmp_session *callplane_notification_session_open(const char *peer, const char *community,
        const char *user, const char *authPassphrase, const char *privPassphrase,
        const u_char *engineID, size_t engineIDLength, u_int boots, u_int time,
        long timeoutMicroseconds, int retries, char *error, size_t errorLength) {
    netsnmp_session session;
    snmp_sess_init(&session);
    session.peername = (char *)peer;
    session.timeout = timeoutMicroseconds;
    session.retries = retries;
    if (user != NULL) {
        callplane_session_v3_authpriv(&session, user, authPassphrase, privPassphrase);
        session.flags |= SNMP_FLAGS_DONT_PROBE;
        session.securityEngineID = (u_char *)engineID;
        session.securityEngineIDLen = engineIDLength;
        session.contextEngineID = (u_char *)engineID;
        session.contextEngineIDLen = engineIDLength;
    } else {
        callplane_session_v2c(&session, community);
    }
    netsnmp_session *opened = snmp_open(&session);
    if (opened == NULL) {
        int libraryError = 0, systemError = 0;
        char *text = NULL;
        snmp_error(&session, &libraryError, &systemError, &text);
        snprintf(error, errorLength, "%s", text != NULL ? text : "unknown error");
        free(text);
    } else if (user != NULL) {
        set_enginetime(engineID, engineIDLength, boots, time, TRUE);
        if (create_user_from_session(opened) != SNMPERR_SUCCESS) {
            snprintf(error, errorLength, "the user could not be localised to the receiver's engine ID");
            snmp_close(opened);
            opened = NULL;
        }
    }
    free(session.community);
    free(session.securityName);
    free(session.securityAuthProto);
    free(session.securityPrivProto);
    return opened;
}

/* The reason a session's last call failed, e.g. of snmp_send. */
static inline void callplane_session_error(netsnmp_session *session, char *error, size_t errorLength) {
    int libraryError = 0, systemError = 0;
    char *text = NULL;
    snmp_error(session, &libraryError, &systemError, &text);
    snprintf(error, errorLength, "%s", text != NULL ? text : "unknown error");
    free(text);
}
#endif
