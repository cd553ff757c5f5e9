"""Kamailio 5.6 (Debian's `kamailio` and `kamailio-tls-modules`) as a SIP provider that a trunk
reaches over TLS, on 127.0.0.1, for tests where Callplane registers an account with a real
provider and places and receives calls through it.

What the provider does (the routing script is :data:`_CONFIG`, written to
``<dir>/kamailio.cfg``):

* **REGISTER** (any transport): digest challenge (401, MD5, ``qop=auth``, the fixture's
  ``realm``); the right password for ``user`` saves the binding in memory (usrloc without a
  database), a wrong one is refused with 403.
* **INVITE over TLS** (from the customer, i.e. Callplane): challenged with 407 like a provider
  authenticates calls, then record-routed and relayed to the sipp UAS at
  ``udp:127.0.0.1:<uas_port>`` with R-URI ``sip:<number dialled>@127.0.0.1:<uas_port>``.
* **INVITE over UDP** (the public network, e.g. a sipp UAC calling a DDI such as
  ``sip:4930555123@127.0.0.1:<udp_port>``): not challenged; delivered to the account's
  registration whatever number was called, since a DDI is no AOR. What reaches the customer:

  - R-URI: the registered Contact URI itself (``lookup`` replaces the R-URI with it), e.g.
    ``sip:0441234500@127.0.0.1:40312;transport=tls``;
  - To: unchanged, as the caller sent it, e.g. ``<sip:4930555123@127.0.0.1:<udp_port>>``, so
    the To user is where the customer finds the DDI called;
  - From, Call-ID, body: unchanged; two Record-Route entries of the provider (double
    record-routing: one for the UDP side, one for the TLS side) and its Via on top.

* **OPTIONS** (out of dialog): 200, as a keep-alive answer; any other method out of dialog: 405.
* **In-dialog requests** (with a To tag): loose routing; without a Route header (a callee that
  did not copy Record-Route into its 2xx, as sipp's built-in ``uas`` does not) the R-URI is the
  target. ACK of a negative reply and CANCEL as tm does them.

Connections to the customer. The provider never dials the customer: every request it sends over
TLS goes over a connection the customer opened, or fails (``set_forward_no_connect()``; the caller
then gets 480). It finds the connection like this:

* For an incoming call, by the registered Contact: a customer that names its own connection's
  local ``ip:port`` with ``;transport=tls`` in its Contact (as a client behind NAT must, and as
  Callplane does) is reached by a plain ``lookup``, since Kamailio keys each accepted connection
  by its remote address. A Contact naming anything else (say, the customer's TLS listener) is
  unreachable here, which is the point: the test then fails instead of passing on a dial-back
  that a real provider across NAT could not make.
* For in-dialog requests (BYE or re-INVITE towards the customer), by the ``;alias`` that
  ``add_contact_alias()`` adds to the customer's dialog Contact when it differs from the
  connection's address, undone by ``handle_ruri_alias()``. A Contact that already names the
  connection is left as it is.

``tcp_connection_lifetime`` and the tls module's ``connection_timeout`` (its own idle limit for
TLS connections, 600 s by default) are an hour (3605 s), longer than a registration, so an idle
connection stays open; ``handle_lost_tcp`` removes a TLS binding within a second of its
connection closing (usrloc's timer runs every second here), so
:meth:`KamailioProvider.registered_contacts` shows only what can be called.

Certificates are made by the ``openssl`` command: a test CA (:attr:`KamailioProvider.ca_file`,
what a client is to trust) and a server certificate it signed, for ``IP:127.0.0.1,
DNS:localhost`` — or, with ``mismatched_name=True``, for ``DNS:wrong.example`` only, so a client
that checks the name must refuse it.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

import pytest

from conftest import HOST, free_port, free_udp_tcp_port

READY_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0
RPC_TIMEOUT = 10.0
LOG_TAIL = 6000  # characters of Kamailio's log shown with a failure

_MISSING = "ops/install-deps installs Debian's kamailio and kamailio-tls-modules"


def _kamailio_string(value: str) -> str:
    """``value`` as a double-quoted string literal of Kamailio's configuration language.

    Assigned to a ``$var`` and passed by name, so a ``$`` in a password is not taken for a
    pseudo-variable by the functions that expand their arguments."""
    if any(ord(c) < 0x20 for c in value):
        raise ValueError(f"control character in {value!r}")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class KamailioProvider:
    """One Kamailio process acting as a SIP provider, listening on
    ``tls:127.0.0.1:<tls_port>`` and ``udp:127.0.0.1:<udp_port>``.

    Started by the constructor; :meth:`close` (or leaving the ``with`` block) stops it. Everything
    lives in a directory of its own under ``tmp_path`` (``kamailio``, or ``kamailio-2`` … when a
    test starts more than one): certificates, ``kamailio.cfg``, ``tls.cfg``, the log, the pid
    file and the runtime directory.
    """

    def __init__(self, tmp_path: Path, user: str, password: str, realm: str = "carrier.example",
                 uas_port: int | None = None, mismatched_name: bool = False) -> None:
        """``user``/``password``: the one account that may register and call; ``realm``: the
        digest realm of every challenge; ``uas_port``: the UDP port on 127.0.0.1 where the
        callee of calls from the customer answers (without one such calls get 480);
        ``mismatched_name``: serve a certificate for ``DNS:wrong.example`` only."""
        self.kamailio = shutil.which("kamailio") or shutil.which("kamailio", path="/usr/sbin:/sbin")
        self.kamcmd = shutil.which("kamcmd") or shutil.which("kamcmd", path="/usr/sbin:/sbin")
        if self.kamailio is None or self.kamcmd is None:
            pytest.fail(f"kamailio or kamcmd is missing: {_MISSING}")
        if shutil.which("openssl") is None:
            pytest.fail("openssl is missing: ops/install-deps installs it")
        modules = self._module_directory()
        if not (modules / "tls.so").exists():
            pytest.fail(f"Kamailio's TLS module is missing ({modules / 'tls.so'}): {_MISSING}")

        self.user, self.password, self.realm = user, password, realm
        self.uas_port = uas_port
        self.mismatched_name = mismatched_name
        self.dir = self._fresh_directory(Path(tmp_path))
        self.log_path = self.dir / "kamailio.log"
        self.config_path = self.dir / "kamailio.cfg"
        self.tls_config_path = self.dir / "tls.cfg"
        self.ca_file = self.dir / "ca.pem"
        """The test CA's certificate (PEM): what a client trusts to accept the provider."""
        self.certificate = self.dir / "server.pem"
        self.private_key = self.dir / "server.key"
        self._socket_dir: str | None = None  # a short directory for the control socket, if needed
        self.ctl_socket = self._control_socket_path()
        taken = [uas_port] if uas_port else []
        self.udp_port = free_udp_tcp_port(taken)
        self.tls_port = free_port([*taken, self.udp_port])
        self.proc: subprocess.Popen[bytes] | None = None
        self._log_file: BinaryIO | None = None
        try:
            self._make_certificates()
            self._write_configuration()
            self._start()
        except BaseException:
            self.close(check=False)
            raise

    # --- addresses

    @property
    def tls_uri(self) -> str:
        """The provider's SIP URI over TLS, as a customer would configure it."""
        return f"sip:{HOST}:{self.tls_port};transport=tls"

    @property
    def udp_uri(self) -> str:
        return f"sip:{HOST}:{self.udp_port}"

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    # --- what happened

    def log_text(self) -> str:
        """Everything Kamailio wrote (stderr and stdout): its start-up, its errors and the
        routing script's ``provider:`` lines (one per request, REGISTER saved, relayed calls)."""
        if self._log_file is not None:
            self._log_file.flush()
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, characters: int = LOG_TAIL) -> str:
        return self.log_text()[-characters:]

    def rpc(self, *command: str) -> str:
        """Runs a Kamailio RPC command (``kamcmd``) over the control socket; its output."""
        proc = subprocess.run([str(self.kamcmd), "-s", f"unix:{self.ctl_socket}", *command],
                              capture_output=True, text=True, timeout=RPC_TIMEOUT, stdin=subprocess.DEVNULL)
        if proc.returncode != 0:
            raise RuntimeError(f"kamcmd {' '.join(command)}: exit {proc.returncode}\n{proc.stdout}{proc.stderr}\n"
                               f"--- kamailio log tail\n{self.log_tail()}")
        return proc.stdout

    def registered_contacts(self) -> list[str]:
        """The Contact URIs bound now (all accounts), from ``ul.dump``; expired ones are not
        listed."""
        return re.findall(r"^\s*Address:\s*(\S+)\s*$", self.rpc("ul.dump"), re.MULTILINE)

    # --- lifecycle

    def close(self, check: bool = True) -> None:
        """Stops Kamailio: SIGTERM to its main process (which ends its children), then SIGKILL to
        whatever of its process group is left. With ``check``, fails — showing the log — when
        Kamailio had died on its own before."""
        died: int | None = None
        if self.proc is not None:
            died = self.proc.poll()
            if died is None:
                self.proc.send_signal(signal.SIGTERM)
                try:
                    self.proc.wait(timeout=STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    pass
            # Kamailio's children are in its process group (started in a session of its own);
            # none may outlive the test, whatever the main process did.
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            if self.proc.poll() is None:
                self.proc.wait(timeout=STOP_TIMEOUT)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        if self._socket_dir is not None:
            shutil.rmtree(self._socket_dir, ignore_errors=True)
            self._socket_dir = None
        if check and died is not None:
            self.proc = None
            pytest.fail(f"kamailio exited on its own with {died} during the test.\n"
                        f"--- kamailio log tail ({self.log_path})\n{self.log_tail()}")
        self.proc = None

    def __enter__(self) -> "KamailioProvider":
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if error is not None:
            # What the provider saw is usually what explains a failed exchange.
            error.add_note(f"--- kamailio log tail ({self.log_path})\n{self.log_tail()}")
            self.close(check=False)
        else:
            self.close()

    # --- set-up

    def _module_directory(self) -> Path:
        """The module directory compiled into Kamailio (``kamailio -I``), where the TLS module
        of kamailio-tls-modules is to be."""
        out = subprocess.run([str(self.kamailio), "-I"], capture_output=True, text=True, timeout=10).stdout
        found = re.search(r"Default paths to modules:\s*(\S+)", out)
        return Path(found.group(1) if found else "/usr/lib/x86_64-linux-gnu/kamailio/modules")

    @staticmethod
    def _fresh_directory(tmp_path: Path) -> Path:
        for index in range(1, 100):
            directory = tmp_path / ("kamailio" if index == 1 else f"kamailio-{index}")
            try:
                directory.mkdir(parents=True)
            except FileExistsError:
                continue
            (directory / "run").mkdir()
            return directory
        raise RuntimeError(f"no free kamailio directory under {tmp_path}")

    def _control_socket_path(self) -> Path:
        """Where the ``ctl`` module listens for kamcmd. A Unix socket's path is limited to 107
        bytes; pytest's directories can be longer, so a short one in the system's temporary
        directory stands in then."""
        path = self.dir / "run" / "ctl.sock"
        if len(os.fsencode(path)) < 100:
            return path
        self._socket_dir = tempfile.mkdtemp(prefix="kam-")
        return Path(self._socket_dir) / "ctl.sock"

    def _openssl(self, *args: str) -> None:
        proc = subprocess.run(["openssl", *args], capture_output=True, text=True, cwd=self.dir, timeout=30)
        if proc.returncode != 0:
            raise RuntimeError(f"openssl {' '.join(args)}: exit {proc.returncode}\n{proc.stderr}")

    def _make_certificates(self) -> None:
        """A test CA and a server certificate it signed (P-256 keys: made at once). The server
        certificate carries the extensions a strict verifier (Python 3.13's
        ``VERIFY_X509_STRICT``, for one) wants: key identifiers, CA:FALSE, serverAuth."""
        ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
        ca_key = self.dir / "ca.key"
        self._openssl("req", "-x509", *ec, "-days", "2", "-subj", "/CN=Callplane test provider CA",
                      "-addext", "basicConstraints=critical,CA:TRUE",
                      "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                      "-keyout", str(ca_key), "-out", str(self.ca_file))
        name, san = ("wrong.example", "DNS:wrong.example") if self.mismatched_name else ("localhost", f"IP:{HOST},DNS:localhost")
        request = self.dir / "server.csr"
        self._openssl("req", "-new", *ec, "-subj", f"/CN={name}", "-keyout", str(self.private_key), "-out", str(request))
        extensions = self.dir / "server.ext"
        extensions.write_text(
            "basicConstraints = critical, CA:FALSE\n"
            "keyUsage = critical, digitalSignature\n"
            "extendedKeyUsage = serverAuth\n"
            "subjectKeyIdentifier = hash\n"
            "authorityKeyIdentifier = keyid, issuer\n"
            f"subjectAltName = {san}\n")
        self._openssl("x509", "-req", "-in", str(request), "-CA", str(self.ca_file), "-CAkey", str(ca_key),
                      "-set_serial", str(int.from_bytes(os.urandom(8), "big")), "-days", "2",
                      "-extfile", str(extensions), "-out", str(self.certificate))

    def _write_configuration(self) -> None:
        self.tls_config_path.write_text(
            "# The provider's side of TLS: its certificate; customers present none.\n"
            "[server:default]\n"
            "method = TLSv1.2+\n"
            "verify_certificate = no\n"
            "require_certificate = no\n"
            f"certificate = {self.certificate}\n"
            f"private_key = {self.private_key}\n"
            "\n"
            "# Never used (the provider does not dial customers), but defined so nothing falls\n"
            "# back to a default that verifies.\n"
            "[client:default]\n"
            "method = TLSv1.2+\n"
            "verify_certificate = no\n"
            "require_certificate = no\n")
        values = {
            "UDP_PORT": str(self.udp_port),
            "TLS_PORT": str(self.tls_port),
            "HOST": HOST,
            "TLS_CONFIG": _kamailio_string(str(self.tls_config_path)),
            "CTL_SOCKET": _kamailio_string(f"unix:{self.ctl_socket}"),
            "USER": _kamailio_string(self.user),
            "PASSWORD": _kamailio_string(self.password),
            "REALM": _kamailio_string(self.realm),
            "UAS_PORT": str(self.uas_port or 0),
        }
        text = _CONFIG
        for name, value in values.items():
            text = text.replace("{{" + name + "}}", value)
        leftover = re.search(r"\{\{\w+\}\}", text)
        assert leftover is None, f"unfilled {leftover.group()} in kamailio.cfg"
        self.config_path.write_text(text)

    def _start(self) -> None:
        # Check the script first: a mistake in it is then reported as such, at once.
        check = subprocess.run([str(self.kamailio), "-c", "-f", str(self.config_path)],
                               capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
        if check.returncode != 0:
            raise RuntimeError(f"kamailio refuses {self.config_path}:\n{check.stdout}{check.stderr}")
        cmd = [str(self.kamailio), "-f", str(self.config_path),
               "-DD",  # no daemon: this process is Kamailio's main process, children fork from it
               "-E",  # log to stderr, i.e. the log file
               "-m", "64", "-M", "8",  # MB of shared and of per-process memory; plenty for a test
               "-Y", str(self.dir / "run"), "-P", str(self.dir / "run" / "kamailio.pid")]
        self._log_file = open(self.log_path, "ab")
        self._log_file.write(f"===== {' '.join(cmd)}\n".encode())
        self._log_file.flush()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=self._log_file, stderr=self._log_file,
                                     start_new_session=True, cwd=self.dir)
        self._wait_ready()

    def _wait_ready(self) -> None:
        """Until a TLS handshake on the TLS port succeeds (not checking the certificate: this
        only asks whether Kamailio is up, whatever certificate it was given) and the control
        socket answers."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        deadline = time.monotonic() + READY_TIMEOUT
        last = "no answer yet"
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(f"kamailio exited with {self.proc.returncode} while starting ({last}).\n"
                                   f"--- kamailio log tail ({self.log_path})\n{self.log_tail()}")
            try:
                with socket.create_connection((HOST, self.tls_port), timeout=2) as raw:
                    tls = context.wrap_socket(raw)  # the handshake is the test
                    try:
                        # A clean close, so Kamailio logs no "connection reset". It closes the TCP
                        # connection without a close_notify of its own, which unwrap() reports.
                        tls.unwrap()
                    except (OSError, ssl.SSLError):
                        pass
                if self.ctl_socket.exists():
                    self.rpc("core.uptime")
                    return
                last = "no control socket yet"
            except (OSError, ssl.SSLError) as error:
                last = repr(error)
            time.sleep(0.1)
        raise RuntimeError(f"kamailio not ready within {READY_TIMEOUT:.0f} s ({last}).\n"
                           f"--- kamailio log tail ({self.log_path})\n{self.log_tail()}")


# The routing script. {{NAME}} are filled in by KamailioProvider._write_configuration.
_CONFIG = r"""#!KAMAILIO
# A SIP provider for Callplane's integration tests, written by Tests/Integration/kamailio_provider.py
# (see its docstring for what it does and why).

####### Global parameters
debug=2
log_stderror=yes
fork=yes
children=2
tcp_children=2
auto_aliases=no
dns=no
rev_dns=no
use_dns_cache=off
alias={{REALM}}

listen=udp:{{HOST}}:{{UDP_PORT}}
listen=tls:{{HOST}}:{{TLS_PORT}}
enable_tls=yes
# A customer's connection stays open while idle for longer than any registration lasts: the
# calls to it go over that connection, and nothing else reaches it.
tcp_connection_lifetime=3605

####### Modules
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "sanity.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "auth.so"
loadmodule "nathelper.so"
loadmodule "tls.so"
loadmodule "ctl.so"

modparam("tls", "config", {{TLS_CONFIG}})
# A TLS connection's own idle lifetime (default 600 s) is the same hour as tcp_connection_lifetime.
modparam("tls", "connection_timeout", 3605)
modparam("ctl", "binrpc", {{CTL_SOCKET}})
# Bindings in memory only. One whose connection is gone is removed by usrloc's timer, which
# runs every second here (default: a minute) so a test sees it promptly.
modparam("usrloc", "db_mode", 0)
modparam("usrloc", "handle_lost_tcp", 1)
modparam("usrloc", "timer_interval", 1)
modparam("registrar", "method_filtering", 0)
# Two Record-Route entries when a request changes transport (UDP <-> TLS).
modparam("rr", "enable_double_rr", 1)
modparam("nathelper", "natping_interval", 0)

####### Routing

request_route {
	$var(user) = {{USER}};
	$var(password) = {{PASSWORD}};
	$var(realm) = {{REALM}};
	$var(uas_port) = {{UAS_PORT}};

	if (!mf_process_maxfwd_header("10")) {
		sl_send_reply("483", "Too Many Hops");
		exit;
	}
	if (!sanity_check()) {
		xlog("L_WARN", "provider: malformed $rm from $pr:$si:$sp dropped\n");
		exit;
	}
	xlog("L_INFO", "provider: $rm $ru from $pr:$si:$sp\n");

	if (is_method("CANCEL")) {
		if (t_check_trans()) {
			route(RELAY);
		}
		exit;
	}
	if (has_totag()) {
		route(WITHINDLG);
		exit;
	}
	if (is_method("ACK")) {
		# An ACK without To tag belongs to no transaction here.
		exit;
	}
	# A retransmission of a request already being handled: tm answers it and ends the script.
	t_check_trans();

	if (is_method("REGISTER")) {
		route(REGISTRAR);
		exit;
	}
	if (is_method("OPTIONS")) {
		# A keep-alive or capability probe, whatever its R-URI: the provider is here.
		sl_send_reply("200", "OK");
		exit;
	}
	if (!is_method("INVITE")) {
		append_to_reply("Allow: INVITE, ACK, BYE, CANCEL, OPTIONS, REGISTER\r\n");
		sl_send_reply("405", "Method Not Allowed");
		exit;
	}
	if ($pr == "tls") {
		route(FROM_CUSTOMER);
	} else {
		route(FROM_NETWORK);
	}
	exit;
}

# The digest check of REGISTER: 401 with a challenge, 403 for a wrong password or user.
route[REGISTRAR] {
	if (!pv_www_authenticate("$var(realm)", "$var(password)", "0")) {
		$var(rc) = $rc;
		if ($var(rc) == -2) {
			xlog("L_INFO", "provider: REGISTER of $au refused: wrong password\n");
			sl_send_reply("403", "Forbidden");
		} else if ($var(rc) == -4) {
			www_challenge("$var(realm)", "17");  # qop=auth, stale=true
		} else {
			www_challenge("$var(realm)", "1");  # qop=auth
		}
		exit;
	}
	if ($au != $var(user)) {
		xlog("L_INFO", "provider: REGISTER of unknown user $au refused\n");
		sl_send_reply("403", "Forbidden");
		exit;
	}
	consume_credentials();
	if (!save("location")) {
		xlog("L_WARN", "provider: REGISTER of $au not saved\n");
		sl_reply_error();
		exit;
	}
	xlog("L_INFO", "provider: REGISTER saved for $au: Contact $ct, Expires $hdr(Expires), over $pr from $si:$sp\n");
	exit;
}

# A call from the customer (Callplane, over TLS): authenticated with 407 like a provider
# does, then relayed to the callee, the sipp UAS on udp:{{HOST}}:<uas_port>.
route[FROM_CUSTOMER] {
	if (!pv_proxy_authenticate("$var(realm)", "$var(password)", "0")) {
		$var(rc) = $rc;
		if ($var(rc) == -2) {
			xlog("L_INFO", "provider: INVITE of $au refused: wrong password\n");
			sl_send_reply("403", "Forbidden");
		} else if ($var(rc) == -4) {
			proxy_challenge("$var(realm)", "17");
		} else {
			proxy_challenge("$var(realm)", "1");
		}
		exit;
	}
	if ($au != $var(user)) {
		sl_send_reply("403", "Forbidden");
		exit;
	}
	consume_credentials();
	if ($rU == $null) {
		sl_send_reply("484", "Address Incomplete");
		exit;
	}
	if ($var(uas_port) == 0) {
		xlog("L_INFO", "provider: INVITE for $rU refused: the fixture has no uas_port\n");
		sl_send_reply("480", "Temporarily Unavailable");
		exit;
	}
	record_route();
	# The customer's Contact for this dialog: in-dialog requests towards it must come back over
	# this connection (see route[WITHINDLG]).
	add_contact_alias();
	$ru = "sip:" + $rU + "@{{HOST}}:{{UAS_PORT}}";
	xlog("L_INFO", "provider: call from the customer relayed to $ru\n");
	route(RELAY);
}

# A call from the public network (over UDP) to a DDI of the account. The DDI (R-URI user) is no
# AOR: the call goes to the account's binding. lookup() replaces the R-URI with the registered
# Contact, e.g. sip:0441234500@127.0.0.1:40312;transport=tls; the To header is left as the caller
# sent it (e.g. <sip:4930555123@127.0.0.1:<udp_port>>), so the customer sees the DDI there.
route[FROM_NETWORK] {
	if (!lookup("location", "sip:$var(user)@$var(realm)")) {
		$var(rc) = $rc;
		xlog("L_INFO", "provider: call to $rU not delivered: no binding for $var(user) ($var(rc))\n");
		if ($var(rc) == -2) {
			sl_send_reply("405", "Method Not Allowed");
		} else {
			sl_send_reply("480", "Temporarily Unavailable");
		}
		exit;
	}
	record_route();
	xlog("L_INFO", "provider: call to $tU delivered to $ru\n");
	route(RELAY);
}

route[WITHINDLG] {
	if (is_method("ACK") && !is_present_hf("Route")) {
		# The ACK of a negative reply ends here: t_check_trans() hands it to tm, which sent its
		# own ACK to the callee, and stops the script. An ACK of a 2xx goes on.
		t_check_trans();
	}
	if (!loose_route() && uri == myself) {
		if (!is_method("ACK")) {
			sl_send_reply("404", "Not Here");
		}
		exit;
	}
	# Without Route header (the callee did not copy Record-Route into its 2xx, as sipp's built-in
	# uas does not) the R-URI, the callee's Contact, is the target. Towards the customer the
	# Contact carries ;alias=ip~port~proto of its connection when it named another address
	# (add_contact_alias), which this turns back into $du.
	if ($du == $null) {
		handle_ruri_alias();
	}
	route(RELAY);
}

route[RELAY] {
	# Never dial a customer: over TLS only an existing connection is used, else the relay fails.
	set_forward_no_connect();
	if (is_method("INVITE|BYE|UPDATE|CANCEL")) {
		t_on_reply("FROM_CUSTOMER_REPLY");
	}
	if (!t_relay()) {
		# For a customer: no connection of its own to the address to use.
		xlog("L_WARN", "provider: $rm to $ru ($du) could not be sent\n");
		if (!is_method("ACK")) {
			send_reply("480", "Temporarily Unavailable");  # statefully: tm has the transaction
		}
	}
	exit;
}

# Replies: a customer's Contact in a reply over TLS gets the alias of its connection, so the
# caller's ACK and BYE come back over that connection.
onreply_route[FROM_CUSTOMER_REPLY] {
	if ($pr == "tls" && is_present_hf("Contact")) {
		add_contact_alias();
	}
}
"""
