"""The media relay ("indirect switching", issue 16 point 3) and Secure VoIP (point 4) with real
user agents: two baresip 1.0 phones call each other through Callplane while their terminal kind
is relayed, each plays a tone from a WAV file (`aufile`) and records what it hears (`sndfile`
dumps the decoded audio), and each recording must hold the *other* phone's tone — audio went
both ways. The session descriptions each phone received must name the relay's ports, not the
other phone's, and the call must hold two VoIP channels (manual Tab. 12) while it lasts.

With `mediaenc=srtp-mand` over TLS the same call must be SRTP on both legs: a capture of the
loopback interface (a raw AF_PACKET socket, so no capture tool is needed; it needs root, which
the CI machine has) must show no packet on the relay's ports whose payload is a G.711 tone, where
the plain call's capture shows them in nearly every packet.

The tones are told apart with the Goertzel algorithm (the power of one frequency), so the check
needs nothing beyond the standard library.
"""
from __future__ import annotations

import math
import os
import re
import socket
import struct
import threading
import time
import wave
from pathlib import Path

import pytest

from conftest import HOST, eventually
from test_baresip import PASSWORD, Baresip, MODULES

RELAY_PORTS = (45000, 45099)
RATE = 8000


def write_tone(path: Path, frequency: float, seconds: float = 20.0) -> None:
    """An 8 kHz mono 16-bit WAV of a sine (baresip's G.711 needs 8 kHz; `ausine` gives 48 kHz only)."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        frames = b"".join(struct.pack("<h", int(12000 * math.sin(2 * math.pi * frequency * n / RATE)))
                          for n in range(int(seconds * RATE)))
        out.writeframes(frames)


def read_samples(path: Path) -> tuple[list[int], int]:
    with wave.open(str(path), "rb") as recording:
        rate, channels, width = recording.getframerate(), recording.getnchannels(), recording.getsampwidth()
        data = recording.readframes(recording.getnframes())
    assert width == 2, f"{path}: {width}-byte samples"
    samples = struct.unpack(f"<{len(data) // 2}h", data)[::channels]
    return list(samples), rate


def power(samples: list[int], rate: int, frequency: float) -> float:
    """Goertzel: the power of `frequency` in `samples`, per sample."""
    coefficient = 2 * math.cos(2 * math.pi * frequency / rate)
    previous = before = 0.0
    for sample in samples:
        previous, before = sample + coefficient * previous - before, previous
    return (previous * previous + before * before - coefficient * previous * before) / max(1, len(samples))


def heard(path: Path) -> dict[int, float]:
    samples, rate = read_samples(path)
    return {frequency: power(samples, rate, frequency) for frequency in (440, 1000)}


def mulaw_decode(byte: int) -> int:
    """ITU-T G.711 µ-law to a 16-bit sample."""
    byte = ~byte & 0xFF
    magnitude = (((byte & 0x0F) << 3) + 0x84) << ((byte & 0x70) >> 4)
    return (0x84 - magnitude) if byte & 0x80 else (magnitude - 0x84)


def tone_share(payload: bytes) -> float:
    """How much of a packet's energy, read as G.711 µ-law, lies in one of the two tones: about
    N/2 (80 for 160 samples) for a clean tone, about 1 for noise such as an SRTP payload."""
    samples = [mulaw_decode(b) for b in payload]
    energy = sum(x * x for x in samples) or 1
    return max(power(samples, RATE, f) * len(samples) for f in (440, 1000)) / energy


class LoopbackCapture:
    """UDP datagrams on the loopback interface to or from `ports`, read with a raw AF_PACKET
    socket (Linux, root) while the capture runs."""

    def __init__(self, ports: tuple[int, int]):
        try:
            self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.ntohs(0x0003))
        except PermissionError:
            pytest.fail("capturing on the loopback interface needs root (CAP_NET_RAW)")
        self.sock.bind(("lo", 0))
        self.sock.settimeout(0.2)
        self.ports = ports
        self.payloads: list[bytes] = []
        self.endpoints: list[tuple[int, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                frame, address = self.sock.recvfrom(65535)
            except socket.timeout:
                continue
            if address[2] == socket.PACKET_OUTGOING:
                continue  # each loopback datagram is seen going out and coming in: keep one
            ip = frame[14:]
            if len(ip) < 20 or ip[0] >> 4 != 4 or ip[9] != 17:
                continue
            udp = ip[(ip[0] & 0x0F) * 4:]
            source, destination = struct.unpack("!HH", udp[:4])
            if any(self.ports[0] <= port <= self.ports[1] for port in (source, destination)):
                self.payloads.append(bytes(udp[8:]))
                self.endpoints.append((source, destination))

    def stop(self) -> list[bytes]:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()
        return self.payloads

    def rtp_payloads(self, touching: int | None = None, avoiding: int | None = None) -> list[bytes]:
        """The media of the RTP packets (version 2, not RTCP) captured: after the 12-octet header,
        the 160 octets of a 20 ms G.711 frame; only those to or from port `touching`, or only
        those neither to nor from port `avoiding`."""
        return [p[12:172] for p, ends in zip(self.payloads, self.endpoints)
                if len(p) >= 172 and p[0] >> 6 == 2 and not 200 <= p[1] <= 204
                and (touching is None or touching in ends) and (avoiding is None or avoiding not in ends)]


@pytest.fixture
def relaying_pbx(server_factory):
    server = server_factory(args=["--sip-digest-algorithms", "MD5"])
    for number, name in (("301", "Ann Caller"), ("302", "Bob Callee")):
        server.create_user(number, name)
    r = server.put("/api/v1/media/relay", {"firstPort": RELAY_PORTS[0], "lastPort": RELAY_PORTS[1],
                                          "relayedTerminalKinds": ["standard_sip"]})
    assert r.status == 200, r.describe()
    return server


def audio_phone(server, name: str, frequency: int, directory: Path, srtp: bool = False) -> Baresip:
    """A baresip playing `frequency` and recording what it hears; with `srtp`, a terminal whose
    SRTP is mandatory, registered over TLS, with baresip's `mediaenc=srtp-mand`."""
    directory.mkdir(parents=True)
    tone = directory / f"tone-{frequency}.wav"
    write_tone(tone, frequency)
    extra = {"srtp": "mandatory"} if srtp else {}
    server.create_terminal(name, password=PASSWORD, userNumber=name[1:], **extra)
    phone = Baresip(server, name, directory / "baresip", audio=[
        f"audio_source aufile,{tone}",
        "audio_player aufile,/dev/null",
        f"snd_path {directory}",
        "module aufile.so",
        "module sndfile.so",
        *(["module srtp.so"] if srtp else []),
    ], account_parameters=";audio_codecs=PCMU" + (";mediaenc=srtp-mand" if srtp else ""), tls=srtp)
    phone.expect(r"useragent registered successfully", timeout=15)
    return phone


def connect(ann: Baresip, bob: Baresip) -> None:
    """Ann calls Bob (302) and both see the call established."""
    ann.command("/dial 302")
    ann.expect(r"Call established: sip:302@", timeout=15)
    bob.expect(r"Call established: sip:301@", timeout=15)


def assert_each_hears_the_other(tmp_path: Path) -> None:
    """Ann (440 Hz) and Bob (1000 Hz) each recorded the other's tone, far above their own."""
    for who, directory, own, other in (("Ann", tmp_path / "ann", 440, 1000), ("Bob", tmp_path / "bob", 1000, 440)):
        dumps = sorted(directory.glob("dump-*-dec.wav"))
        assert dumps, f"{who}'s baresip wrote no decoded audio in {directory}: {sorted(p.name for p in directory.iterdir())}"
        levels = heard(dumps[-1])
        assert levels[other] > 50 * max(levels[own], 1.0), f"{who} should hear {other} Hz: {levels}"


def offered_audio_port(trace: str, method_or_status: str) -> int:
    """The `m=audio` port of the last SDP a phone received with `method_or_status`."""
    found = re.findall(rf"{method_or_status}.*?m=audio (\d+) ", trace, re.S)
    assert found, f"no SDP after {method_or_status!r} in:\n{trace[-3000:]}"
    return int(found[-1])


def test_two_phones_hear_each_other_through_the_relay(relaying_pbx, tmp_path):
    server = relaying_pbx
    ann = audio_phone(server, "t301", 440, tmp_path / "ann")
    bob = audio_phone(server, "t302", 1000, tmp_path / "bob")
    try:
        assert server.get("/api/v1/media/relay").body["voipChannelsInUse"] == 0
        connect(ann, bob)
        relay = server.get("/api/v1/media/relay").body
        assert relay["voipChannelsInUse"] == 2 and relay["voipChannels"] == 250, relay
        capacity = {row["limit"]: row for row in server.get("/api/v1/capacity").body["limits"]}
        assert capacity["voip_channels"]["used"] == 2, capacity["voip_channels"]

        # What each phone was told: the relay's address and one of its ports, not the other
        # phone's own RTP port.
        bob_got = offered_audio_port(bob.output, r"INVITE sip:t302")
        ann_got = offered_audio_port(ann.output, r"SIP/2.0 200 OK")
        for port in (bob_got, ann_got):
            assert RELAY_PORTS[0] <= port <= RELAY_PORTS[1], (bob_got, ann_got)
        assert bob_got != ann_got
        capture = LoopbackCapture(RELAY_PORTS)
        time.sleep(4)
        payloads = capture.stop()
        bob.mark()
        ann.command("/hangup")
        bob.expect(r"session closed|Call with sip:301@\S+ terminated")
        eventually("the relay gave its channels back", lambda: server.get("/api/v1/media/relay").body["voipChannelsInUse"] == 0)
    finally:
        ann.stop()
        bob.stop()
    media = capture.rtp_payloads()
    assert len(media) > 4 * 50, f"the capture saw {len(media)} RTP packets of {len(payloads)} datagrams"
    # Prometheus: the relay's packets and bytes (issue 16 point 6); the RTP packets the
    # capture saw leave the relay are among them.
    metrics = server.get("/metrics", token=None).raw.decode()
    totals = {name: float(value) for name, value in re.findall(r"^(callplane_relay_\w+_total) (\S+)$", metrics, re.M)}
    assert totals.get("callplane_relay_packets_total", 0) >= len(media) / 2, totals
    assert totals.get("callplane_relay_bytes_total", 0) >= 172 * len(media) / 2, totals
    assert "callplane_relay_dropped_packets_total" in totals, totals
    toned = sum(tone_share(p) > 20 for p in media)
    assert toned > 0.9 * len(media), f"plain RTP carries the tones in the clear: {toned} of {len(media)} (the capture's positive control)"

    assert_each_hears_the_other(tmp_path)


def test_direct_media_when_no_kind_is_relayed(server_factory, tmp_path):
    """The default: the phones' own addresses pass through, and no VoIP channel is used."""
    server = server_factory(args=["--sip-digest-algorithms", "MD5"])
    for number, name in (("301", "Ann Caller"), ("302", "Bob Callee")):
        server.create_user(number, name)
    ann = audio_phone(server, "t301", 440, tmp_path / "ann")
    bob = audio_phone(server, "t302", 1000, tmp_path / "bob")
    try:
        connect(ann, bob)
        assert server.get("/api/v1/media/relay").body["voipChannelsInUse"] == 0
        bob_got = offered_audio_port(bob.output, r"INVITE sip:t302")
        ann_sent = offered_audio_port(ann.output, r"INVITE sip:302")
        assert bob_got == ann_sent, "the offer passed through unchanged"
        ann.command("/hangup")
    finally:
        ann.stop()
        bob.stop()


def test_srtp_phones_over_tls_hear_each_other_with_no_plain_media_on_their_legs(relaying_pbx, tmp_path):
    """Issue 16's "Done when": two baresips with `mediaenc srtp-mand` over TLS call each other
    through the relay and hear each other, and a capture shows no plain RTP payload on their
    legs. `call.answered` records both legs as SRTP and the call as relayed."""
    server = relaying_pbx
    ann = audio_phone(server, "t301", 440, tmp_path / "ann", srtp=True)
    bob = audio_phone(server, "t302", 1000, tmp_path / "bob", srtp=True)
    before = server.head()
    try:
        connect(ann, bob)
        capture = LoopbackCapture(RELAY_PORTS)
        time.sleep(4)
        payloads = capture.stop()
        invite = bob.output[bob.output.rfind("INVITE sip:t302"):]
        assert re.search(r"m=audio (\d+) RTP/SAVP", invite) and "a=crypto:" in invite, invite[:2000]
        ann.command("/hangup")
        bob.expect(r"session closed|Call with sip:301@\S+ terminated")
    finally:
        ann.stop()
        bob.stop()
    media = capture.rtp_payloads()
    assert len(media) > 4 * 50, f"the capture saw {len(media)} RTP packets of {len(payloads)} datagrams"
    clear = [p for p in media if tone_share(p) > 20]
    assert not clear, f"{len(clear)} of {len(media)} packets on the SRTP legs carry a tone in the clear"
    assert_each_hears_the_other(tmp_path)
    answered = [e for e in server.all_events(after=before) if e["type"] == "call.answered"]
    assert answered and answered[0]["payload"].get("callerSRTP") is True and answered[0]["payload"].get("calleeSRTP") is True, answered
    assert answered[0]["payload"].get("relayed") is True, answered
    # The history shows the call's media (issue 16 point 6).
    record = eventually("the call is in the history", lambda: server.get("/api/v1/calls/history").body["calls"])[0]
    assert (record["relayed"], record["callerSRTP"], record["calleeSRTP"]) == (True, True, True), record
    assert record["relayedPackets"] > 2 * 4 * 50 and 0 <= record["lostPackets"] <= record["relayedPackets"] // 50, record


def test_a_mandatory_srtp_terminal_without_tls_is_refused_with_488(server_factory, tmp_path):
    """Keys travel only over TLS: a terminal whose SRTP is mandatory calling over UDP gets 488."""
    server = server_factory(args=["--sip-digest-algorithms", "MD5"])
    for number, name in (("301", "Ann Caller"), ("302", "Bob Callee")):
        server.create_user(number, name)
    server.create_terminal("t301", password=PASSWORD, userNumber="301", srtp="mandatory")
    ann = Baresip(server, "t301", tmp_path / "ann", account_parameters=";mediaenc=srtp-mand", audio=[
        "audio_source aubridge,a", "audio_player aubridge,a", "module aubridge.so", "module srtp.so"])
    try:
        ann.expect(r"useragent registered successfully", timeout=15)
        before = server.head()
        ann.command("/dial 302")
        ann.expect(r"488 Not Acceptable Here \(SRTP is mandatory for this terminal, and its keys are taken only over TLS\)")
        assert not [e for e in server.all_events(after=before) if e["type"] == "call.started"], "a refused offer makes no call"
    finally:
        ann.stop()


def test_an_srtp_phone_calls_a_plain_rtp_provider_through_the_relay(relaying_pbx, tmp_path):
    """The third leg of issue 16's "Done when": an SRTP phone (TLS, `srtp-mand`) calls out over
    a trunk whose provider (sipp) offers plain RTP only. The relay translates: the provider's
    leg is plain (the tone in clear), the phone's leg SRTP (no tone in clear), and the phone
    hears its own tone echoed by the provider (sipp's -rtp_echo) — media went all the way round."""
    import shutil
    import subprocess
    from conftest import free_udp_tcp_port
    from test_sip_trunks import PASSWORD as TRUNK_PASSWORD, SCENARIOS, USER
    server = relaying_pbx
    # Only the SRTP translation relays this call: no terminal kind is relayed.
    r = server.put("/api/v1/media/relay", {"firstPort": RELAY_PORTS[0], "lastPort": RELAY_PORTS[1]})
    assert r.status == 200, r.describe()
    if shutil.which("sipp") is None:
        pytest.fail("sipp is missing: ops/install-deps installs Debian's sip-tester")
    port = free_udp_tcp_port()
    media_port = free_udp_tcp_port([port])
    provider_dir = tmp_path / "provider"
    provider_dir.mkdir()
    provider = subprocess.Popen(
        ["sipp", "-sf", str(SCENARIOS / "provider_echo_uas.xml"), "-i", HOST, "-p", str(port), "-mp", str(media_port), "-rtp_echo",
         "-m", "1", "-timeout", "40s", "-timeout_error", "-nostdin", "-trace_err", "-trace_logs"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=provider_dir, stdin=subprocess.DEVNULL)
    try:
        r = server.put("/api/v1/trunks/providers/1", {"name": "Carrier", "host": HOST, "port": port, "registrationRequired": False})
        assert r.status == 200, r.describe()
        r = server.put("/api/v1/trunks/accounts/1", {"provider": 1, "user": USER, "password": TRUNK_PASSWORD, "channels": 1,
                                                     "ddis": ["0441234500-0441234599"]})
        assert r.status == 200, r.describe()
        ann = audio_phone(server, "t301", 440, tmp_path / "ann", srtp=True)
        before = server.head()
        try:
            ann.command("/dial 00449876543")
            ann.expect(r"Call established: sip:00449876543@", timeout=15)
            capture = LoopbackCapture(RELAY_PORTS)
            time.sleep(4)
            capture.stop()
            ann.command("/hangup")
            ann.expect(r"session closed|terminated")
        finally:
            ann.stop()
        out, err = provider.communicate(timeout=60)
    finally:
        if provider.poll() is None:
            provider.kill()
    logs = "".join(p.read_text(errors="replace") for p in provider_dir.glob("*_logs.log"))
    assert provider.returncode == 0, f"provider sipp exit {provider.returncode}\n{out[-2000:]}\n{err[-2000:]}\n{logs[-2000:]}"
    offered = re.search(r"offered (\d+) (\S+)", logs)
    assert offered and offered.group(2) == "RTP/AVP" and RELAY_PORTS[0] <= int(offered.group(1)) <= RELAY_PORTS[1], logs[-2000:]
    provider_leg = capture.rtp_payloads(touching=media_port)
    phone_leg = capture.rtp_payloads(avoiding=media_port)
    assert len(provider_leg) > 4 * 50 and len(phone_leg) > 4 * 50, (len(provider_leg), len(phone_leg))
    assert sum(tone_share(p) > 20 for p in provider_leg) > 0.9 * len(provider_leg), "the provider's leg is plain RTP"
    clear = [p for p in phone_leg if tone_share(p) > 20]
    assert not clear, f"{len(clear)} of {len(phone_leg)} packets on the phone's SRTP leg carry the tone in the clear"
    dumps = sorted((tmp_path / "ann").glob("dump-*-dec.wav"))
    assert dumps, "the phone recorded nothing"
    levels = heard(dumps[-1])
    assert levels[440] > 50 * max(levels[1000], 1.0), f"the phone should hear its own tone echoed by the provider: {levels}"
    answered = [e for e in server.all_events(after=before) if e["type"] == "call.answered"]
    payload = answered[0]["payload"] if answered else {}
    assert (payload.get("relayed"), payload.get("callerSRTP"), payload.get("calleeSRTP")) == (True, True, None), answered


def loudest_second(path: Path, frequency: float) -> float:
    """The largest share of one second's energy that lies at `frequency`, over the recording."""
    samples, rate = read_samples(path)
    best = 0.0
    for start in range(0, max(1, len(samples) - rate), rate // 4):
        window = samples[start:start + rate]
        energy = sum(x * x for x in window) or 1
        best = max(best, power(window, rate, frequency) * len(window) / energy)
    return best


def test_star_754_pressed_during_a_relayed_call_enables_one_off_remote_maintenance(relaying_pbx, tmp_path):
    """Issue 16 point 5: the relay sees RFC 4733 telephone events; `*754` pressed during a call
    acts as when dialled (manual §5.4.2, "e.g. after an enquiry") for a user who may use it, and
    the acknowledgement tone (425 Hz) is played into the presser's leg."""
    server = relaying_pbx
    r = server.patch("/api/v1/users/301/telephony", {"remoteMaintenanceAccess": True})
    assert r.status == 200, r.describe()
    assert server.get("/api/v1/remote-maintenance").body["mode"] == "barred"
    ann = audio_phone(server, "t301", 440, tmp_path / "ann")
    bob = audio_phone(server, "t302", 1000, tmp_path / "bob")
    try:
        connect(ann, bob)
        time.sleep(1)
        # baresip sends each key pressed in a call as telephone events (its default DTMF mode).
        for key in "*754":
            os.write(ann._master, key.encode())
            time.sleep(0.4)
        state = eventually("remote maintenance is enabled", lambda: (
            s := server.get("/api/v1/remote-maintenance").body)["mode"] == "one_off" and s)
        assert state["enabled"] is True, state
        time.sleep(2)
        ann.command("/hangup")
        bob.expect(r"session closed|Call with sip:301@\S+ terminated")
    finally:
        ann.stop()
        bob.stop()
    enabled = [e for e in server.all_events(type="eventmessage.occurred") if e["payload"]["type"] == "remote_maintenance_enabled"]
    assert len(enabled) == 1 and enabled[0]["actor"] == "sip:301", enabled
    dump = sorted((tmp_path / "ann").glob("dump-*-dec.wav"))[-1]
    assert loudest_second(dump, 425) > 20, "Ann should hear the acknowledgement tone"
    assert loudest_second(sorted((tmp_path / "bob").glob("dump-*-dec.wav"))[-1], 425) < 5, "Bob does not hear Ann's acknowledgement"


def test_a_call_without_a_free_voip_channel_is_refused_with_too_few_voip_channels(relaying_pbx, tmp_path):
    """Tab. 24 "Too few VoIP channels": the relay's range holds the ports of one call only, so
    while Ann and Bob talk through it, Cid's relayed call gets 503 and the event message, with
    no channel available; after they hang up, Cid's next call goes through."""
    server = relaying_pbx
    server.create_user("303", "Cid Third")
    r = server.put("/api/v1/media/relay", {"firstPort": RELAY_PORTS[0], "lastPort": RELAY_PORTS[0] + 3,
                                          "relayedTerminalKinds": ["standard_sip"]})
    assert r.status == 200, r.describe()
    ann = audio_phone(server, "t301", 440, tmp_path / "ann")
    bob = audio_phone(server, "t302", 1000, tmp_path / "bob")
    cid = audio_phone(server, "t303", 440, tmp_path / "cid")
    try:
        connect(ann, bob)
        before = server.head()
        cid.command("/dial 302")
        cid.expect(r"503 Service Unavailable \(too few VoIP channels")
        raised = eventually("Too few VoIP channels is raised", lambda: [
            e for e in server.all_events(after=before, type="eventmessage.occurred") if e["payload"]["type"] == "too_few_voip_channels"])
        assert raised[0]["payload"]["parameters"] == {"availableChannels": "0"}, raised[0]
        ended = [e for e in server.all_events(after=before) if e["type"] == "call.ended"]
        assert ended and ended[0]["payload"]["cause"] == "refused", ended
        ann.command("/hangup")
        bob.expect(r"session closed|Call with sip:301@\S+ terminated")
        eventually("the channels are free again", lambda: server.get("/api/v1/media/relay").body["voipChannelsInUse"] == 0)
        cid.mark()
        cid.command("/dial 302")
        cid.expect(r"Call established: sip:302@")
        cid.command("/hangup")
    finally:
        for phone in (ann, bob, cid):
            phone.stop()


def test_the_command_line_shows_and_sets_the_media_relay(server):
    def ok(proc):
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return proc.stdout

    shown = ok(server.cli("media"))
    assert shown.splitlines() == ["ports\t40000-40999", "relayed terminal kinds\tnone", "VoIP channels in use\t0 of 250"], shown
    changed = ok(server.cli("media", "--ports", "41000-41099", "--relay", "standard_sip"))
    assert changed.splitlines()[:2] == ["ports\t41000-41099", "relayed terminal kinds\tstandard_sip"], changed
    assert server.all_events(type="media.relay.set")[-1]["actor"] != "system"
    refused = server.cli("media", "--ports", "41000-41001")
    assert refused.returncode != 0 and "2 RTP/RTCP port pairs" in refused.stdout + refused.stderr, refused.stdout + refused.stderr
    line = ok(server.cli("trunks", "set-provider", "1", "--name", "Carrier", "--host", "sip.carrier.example", "--no-registration",
                         "--relay-media"))
    assert line.rstrip("\n").split("\t")[7] == "media relayed", line
    assert server.get("/api/v1/trunks/providers/1").body["relayMedia"] is True
