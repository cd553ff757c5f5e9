"""The media relay ("indirect switching", issue 16 point 3) with real user agents: two baresip
1.0 phones call each other through Callplane while their terminal kind is relayed, each plays a
tone from a WAV file (`aufile`) and records what it hears (`sndfile` dumps the decoded audio),
and each recording must hold the *other* phone's tone — audio went both ways. The session
descriptions each phone received must name the relay's ports, not the other phone's, and the
call must hold two VoIP channels (manual Tab. 12) while it lasts.

The tones are told apart with the Goertzel algorithm (the power of one frequency), so the check
needs nothing beyond the standard library.
"""
from __future__ import annotations

import math
import re
import struct
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


@pytest.fixture
def relaying_pbx(server_factory):
    server = server_factory(args=["--sip-digest-algorithms", "MD5"])
    for number, name in (("301", "Ann Caller"), ("302", "Bob Callee")):
        server.create_user(number, name)
    r = server.put("/api/v1/media/relay", {"firstPort": RELAY_PORTS[0], "lastPort": RELAY_PORTS[1],
                                          "relayedTerminalKinds": ["standard_sip"]})
    assert r.status == 200, r.describe()
    return server


def audio_phone(server, name: str, frequency: int, directory: Path) -> Baresip:
    directory.mkdir(parents=True)
    tone = directory / f"tone-{frequency}.wav"
    write_tone(tone, frequency)
    server.create_terminal(name, password=PASSWORD, userNumber=name[1:])
    phone = Baresip(server, name, directory / "baresip", audio=[
        f"audio_source aufile,{tone}",
        "audio_player aufile,/dev/null",
        f"snd_path {directory}",
        "module aufile.so",
        "module sndfile.so",
    ], account_parameters=";audio_codecs=PCMU")
    phone.expect(r"useragent registered successfully", timeout=15)
    return phone


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
        ann.command("/dial 302")
        ann.expect(r"Call established: sip:302@")
        bob.expect(r"Call established: sip:301@")
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
        time.sleep(4)
        bob.mark()
        ann.command("/hangup")
        bob.expect(r"session closed|Call with sip:301@\S+ terminated")
        eventually("the relay gave its channels back", lambda: server.get("/api/v1/media/relay").body["voipChannelsInUse"] == 0)
    finally:
        ann.stop()
        bob.stop()

    for who, directory, own, other in (("Ann", tmp_path / "ann", 440, 1000), ("Bob", tmp_path / "bob", 1000, 440)):
        dumps = sorted(directory.glob("dump-*-dec.wav"))
        assert dumps, f"{who}'s baresip wrote no decoded audio in {directory}: {sorted(p.name for p in directory.iterdir())}"
        levels = heard(dumps[-1])
        assert levels[other] > 50 * max(levels[own], 1.0), f"{who} should hear {other} Hz through the relay: {levels}"


def test_direct_media_when_no_kind_is_relayed(server_factory, tmp_path):
    """The default: the phones' own addresses pass through, and no VoIP channel is used."""
    server = server_factory(args=["--sip-digest-algorithms", "MD5"])
    for number, name in (("301", "Ann Caller"), ("302", "Bob Callee")):
        server.create_user(number, name)
    ann = audio_phone(server, "t301", 440, tmp_path / "ann")
    bob = audio_phone(server, "t302", 1000, tmp_path / "bob")
    try:
        ann.command("/dial 302")
        ann.expect(r"Call established: sip:302@")
        bob.expect(r"Call established: sip:301@")
        assert server.get("/api/v1/media/relay").body["voipChannelsInUse"] == 0
        bob_got = offered_audio_port(bob.output, r"INVITE sip:t302")
        ann_sent = offered_audio_port(ann.output, r"INVITE sip:302")
        assert bob_got == ann_sent, "the offer passed through unchanged"
        ann.command("/hangup")
    finally:
        ann.stop()
        bob.stop()
