#ifndef CALLPLANE_CSRTP_SHIM_H
#define CALLPLANE_CSRTP_SHIM_H
#include <srtp2/srtp.h>
#endif
