"""Recognising uploaded recordings by content: each format is built here byte by byte (or
written with the standard library) in the shape real recorders and encoders produce."""

import io
import random
import struct
import wave
import zipfile
import zlib

import pytest

from interviews.audio import HEAD_BYTES, MAX_RECORDING_BYTES, AudioKind, NotAudio, sniff_audio

MP3 = AudioKind("audio/mpeg", "mp3")
ACCEPTED = "We accept MP3, M4A, WAV, OGG/Opus, FLAC, WebM, AAC and AMR recordings."


def sniff(data: bytes) -> AudioKind:
    """As the upload service calls it: the first HEAD_BYTES of the file and its size."""
    return sniff_audio(data[:HEAD_BYTES], len(data))


def refusal(data: bytes, size: int | None = None) -> str:
    with pytest.raises(NotAudio) as caught:
        sniff_audio(data[:HEAD_BYTES], len(data) if size is None else size)
    return str(caught.value)


# MP3: 128 kbit/s at 44.1 kHz (MPEG-1), 64 kbit/s at 22.05 kHz (MPEG-2), 8 kbit/s at 8 kHz
# (MPEG-2.5), each with its frame length in bytes.
MPEG1_FRAME = (bytes([0xFF, 0xFB, 0x90, 0x64]), 417)
MPEG2_FRAME = (bytes([0xFF, 0xF3, 0x80, 0xC4]), 208)
MPEG25_FRAME = (bytes([0xFF, 0xE3, 0x18, 0xC4]), 72)


def mp3_frames(frame: tuple[bytes, int] = MPEG1_FRAME, count: int = 40) -> bytes:
    header, length = frame
    return (header + bytes(length - 4)) * count


def syncsafe(number: int) -> bytes:
    return bytes((number >> shift) & 0x7F for shift in (21, 14, 7, 0))


def id3_tag(*, major: int = 3, padding: int = 0, footer: bool = False) -> bytes:
    title = b"\x00Interview with dyad 4"
    frame = b"TIT2" + struct.pack(">I", len(title)) + b"\x00\x00" + title
    body = frame + bytes(padding)
    flags = 0x10 if footer else 0
    tag = b"ID3" + bytes([major, 0, flags]) + syncsafe(len(body)) + body
    if footer:
        tag += b"3DI" + bytes([major, 0, flags]) + syncsafe(len(body))
    return tag


def wav_file() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(2)
        recording.setframerate(22050)
        recording.writeframes(bytes(2 * 22050))
    return buffer.getvalue()


def flac_stream() -> bytes:
    # STREAMINFO: 44.1 kHz, mono, 16 bits per sample, one second; then the first frame's sync.
    packed = (44100 << 44) | (0 << 41) | (15 << 36) | 44100
    info = struct.pack(">HH", 4096, 4096) + bytes(6) + packed.to_bytes(8, "big") + bytes(16)
    return b"fLaC" + bytes([0x80, 0, 0, len(info)]) + info + b"\xff\xf8\x69\x08" + bytes(500)


def ogg_page(packet: bytes, *, serial: int, first: bool = True) -> bytes:
    lacing = [255] * (len(packet) // 255) + [len(packet) % 255]
    header = b"OggS" + bytes([0, 0x02 if first else 0x00])
    header += struct.pack("<qIII", 0, serial, 0, 0) + bytes([len(lacing)]) + bytes(lacing)
    return header + packet


OPUS_HEAD = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, 312, 48000, 0, 0)
VORBIS_ID = b"\x01vorbis" + struct.pack("<IBIiii", 0, 1, 44100, 0, 128000, 0) + b"\xb8\x01"
OGG_FLAC_ID = b"\x7fFLAC\x01\x00\x00\x01" + flac_stream()[:42]
THEORA_ID = b"\x80theora" + bytes([3, 2, 1]) + bytes(32)


def ogg_file(*first_packets: bytes) -> bytes:
    """One beginning-of-stream page per stream, then an ordinary page."""
    pages = [ogg_page(packet, serial=n) for n, packet in enumerate(first_packets, start=1)]
    return b"".join(pages) + ogg_page(b"OpusTags" + bytes(40), serial=1, first=False)


def box(kind: bytes, payload: bytes = b"") -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def track(handler: bytes) -> bytes:
    hdlr = box(b"hdlr", bytes(8) + handler + bytes(12) + b"Handler\x00")
    return box(b"trak", box(b"mdia", box(b"mdhd", bytes(24)) + hdlr))


def mp4_file(major: bytes, *handlers: bytes, media: int = 2000) -> bytes:
    """ftyp, then the track list (moov), then the media: the "fast start" layout."""
    ftyp = box(b"ftyp", major + bytes(4) + major + b"isommp42")
    moov = box(b"moov", box(b"mvhd", bytes(100)) + b"".join(track(h) for h in handlers))
    return ftyp + moov + box(b"mdat", bytes(media))


def adts_frames(count: int = 20) -> bytes:
    # MPEG-4 AAC LC, 44.1 kHz (index 4), 2 channels, no CRC, 200-byte frames.
    length = 200
    header = bytes(
        [
            0xFF,
            0xF1,
            (1 << 6) | (4 << 2),
            (2 << 6) | (length >> 11),
            (length >> 3) & 0xFF,
            ((length & 0b111) << 5) | 0x1F,
            0xFC,
        ]
    )
    return (header + bytes(length - len(header))) * count


def ebml_header(doctype: bytes, *, eight_byte_size: bool = False) -> bytes:
    def element(element_id: bytes, value: bytes) -> bytes:
        return element_id + bytes([0x80 | len(value)]) + value

    children = b"".join(
        [
            element(b"\x42\x86", b"\x01"),  # EBMLVersion
            element(b"\x42\xf7", b"\x01"),  # EBMLReadVersion
            element(b"\x42\xf2", b"\x04"),  # EBMLMaxIDLength
            element(b"\x42\xf3", b"\x08"),  # EBMLMaxSizeLength
            element(b"\x42\x82", doctype),  # DocType
            element(b"\x42\x87", b"\x04"),  # DocTypeVersion
            element(b"\x42\x85", b"\x02"),  # DocTypeReadVersion
        ]
    )
    # mkvmerge writes sizes in 8 bytes, browsers' MediaRecorder in 1.
    size = (
        b"\x01" + len(children).to_bytes(7, "big")
        if eight_byte_size
        else bytes([0x80 | len(children)])
    )
    segment = b"\x18\x53\x80\x67\x01\xff\xff\xff\xff\xff\xff\xff"  # Segment of unknown size
    return b"\x1a\x45\xdf\xa3" + size + children + segment + bytes(300)


def zip_file(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


def png_file() -> bytes:
    ihdr = b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", 13) + ihdr + struct.pack(">I", zlib.crc32(ihdr))
    return b"\x89PNG\r\n\x1a\n" + chunk + bytes(100)


# Accepted formats


def test_it_recognises_a_wav_written_by_the_wave_module():
    assert sniff(wav_file()) == AudioKind("audio/wav", "wav")


@pytest.mark.parametrize("frame", [MPEG1_FRAME, MPEG2_FRAME, MPEG25_FRAME])
def test_it_recognises_an_mp3_without_a_tag(frame):
    assert sniff(mp3_frames(frame)) == MP3


def test_it_recognises_an_mp3_behind_an_id3_tag():
    assert sniff(id3_tag(padding=1024) + mp3_frames()) == MP3


def test_it_skips_the_footer_of_an_id3v24_tag():
    assert sniff(id3_tag(major=4, footer=True) + mp3_frames()) == MP3


def test_it_accepts_an_id3_tag_longer_than_the_head_on_the_tag_header_alone():
    # Embedded cover art makes tags of hundreds of kilobytes.
    tag = id3_tag(padding=300_000)
    assert len(tag) > HEAD_BYTES
    assert sniff(tag + mp3_frames(count=2000)) == MP3


def test_it_recognises_flac_and_flac_behind_an_id3_tag():
    assert sniff(flac_stream()) == AudioKind("audio/flac", "flac")
    assert sniff(id3_tag() + flac_stream()) == AudioKind("audio/flac", "flac")


@pytest.mark.parametrize(
    "codec", [OPUS_HEAD, VORBIS_ID, OGG_FLAC_ID], ids=["opus", "vorbis", "flac"]
)
def test_it_recognises_ogg_audio(codec):
    assert sniff(ogg_file(codec)) == AudioKind("audio/ogg", "ogg")


@pytest.mark.parametrize("major", [b"M4A ", b"M4B "])
def test_it_recognises_m4a_by_its_major_brand(major):
    assert sniff(mp4_file(major, b"soun")) == AudioKind("audio/mp4", "m4a")


@pytest.mark.parametrize("major", [b"isom", b"mp42"])
def test_it_accepts_a_generic_mp4_whose_only_track_is_sound(major):
    assert sniff(mp4_file(major, b"soun")) == AudioKind("audio/mp4", "m4a")


def test_it_recognises_raw_aac_in_adts_frames():
    assert sniff(adts_frames()) == AudioKind("audio/aac", "aac")


@pytest.mark.parametrize(
    ("doctype", "eight_byte_size"),
    [(b"webm", False), (b"matroska", True)],
)
def test_it_recognises_webm_and_matroska(doctype, eight_byte_size):
    header = ebml_header(doctype, eight_byte_size=eight_byte_size)
    assert sniff(header) == AudioKind("audio/webm", "webm")


def test_it_recognises_amr_from_a_phone_recorder():
    frames = (b"\x3c" + bytes(31)) * 50  # 12.2 kbit/s speech frames
    assert sniff(b"#!AMR\n" + frames) == AudioKind("audio/amr", "amr")


def test_it_accepts_a_recording_of_exactly_the_size_limit():
    assert sniff_audio(wav_file(), MAX_RECORDING_BYTES) == AudioKind("audio/wav", "wav")


# Refused: empty, too big, cut short


def test_it_refuses_an_empty_file():
    with pytest.raises(NotAudio) as caught:
        sniff_audio(b"", 0)
    assert str(caught.value) == "The file is empty."


def test_it_refuses_a_valid_recording_over_the_size_limit():
    message = refusal(wav_file(), size=MAX_RECORDING_BYTES + 1)
    assert message.startswith("This file is 501 MB, over the 500 MB limit for one recording.")


@pytest.mark.parametrize("head", [b"ID3", b"\xff\xfb\x90"])
def test_it_refuses_a_file_of_three_bytes(head):
    assert "not an audio recording" in refusal(head)


def test_a_negative_size_is_a_programming_error_not_a_refusal():
    with pytest.raises(ValueError, match="negative") as caught:
        sniff_audio(wav_file(), -1)
    assert not isinstance(caught.value, NotAudio)


# Refused: look-alikes of audio


def test_it_refuses_an_id3_tag_with_no_audio_after_it():
    assert refusal(id3_tag(padding=1024)).startswith("This file is not an audio recording")


def test_it_refuses_an_id3_tag_in_front_of_something_else():
    assert refusal(id3_tag() + png_file()).startswith("This file is not an audio recording")


@pytest.mark.parametrize(
    "header",
    [
        bytes([0xFF, 0xFD, 0x90, 0x64]),  # Layer II
        bytes([0xFF, 0xEB, 0x90, 0x64]),  # reserved MPEG version
        bytes([0xFF, 0xFB, 0xF0, 0x64]),  # bitrate index 15
        bytes([0xFF, 0xFB, 0x9C, 0x64]),  # reserved sample rate
    ],
    ids=["layer-2", "reserved-version", "bad-bitrate", "reserved-sample-rate"],
)
def test_it_refuses_a_frame_sync_with_invalid_mp3_header_bits(header):
    assert "not an audio recording" in refusal(mp3_frames((header, 417)))


@pytest.mark.parametrize(
    "streams",
    [(THEORA_ID, VORBIS_ID), (VORBIS_ID, THEORA_ID)],
    ids=["theora-first", "theora-second"],
)
def test_it_refuses_ogg_with_a_theora_video_stream(streams):
    assert "(it looks like an Ogg video)" in refusal(ogg_file(*streams))


@pytest.mark.parametrize(
    "data",
    [mp4_file(b"isom", b"vide", b"soun"), mp4_file(b"mp42", b"soun", b"vide"), mp4_file(b"qt  ")],
    ids=["isom-video-and-sound", "mp42-sound-and-video", "quicktime"],
)
def test_it_refuses_an_mp4_video(data):
    assert "(it looks like a video)" in refusal(data)


def test_it_refuses_a_generic_mp4_whose_tracks_lie_beyond_the_head():
    ftyp = box(b"ftyp", b"isom" + bytes(4) + b"isommp42")
    data = ftyp + box(b"mdat", bytes(200_000)) + box(b"moov", track(b"soun"))
    assert "we could not find a sound track in it" in refusal(data)


def test_it_refuses_ebml_of_another_document_type():
    assert "not an audio recording" in refusal(ebml_header(b"other"))


# Refused: other files, named when we can tell


@pytest.mark.parametrize(
    ("data", "looks_like"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "a PDF document"),
        (png_file(), "a PNG image"),
        (
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(200),
            "a JPEG image",
        ),
        (zip_file("notes.txt"), "a ZIP archive"),
        (zip_file("[Content_Types].xml", "word/document.xml"), "a Word document"),
        ("Interview notes, dyad 4\n\tThe worker said: « ça va ».\n".encode(), "a plain text file"),
        (mp4_file(b"heic"), "an HEIC or AVIF image"),
    ],
    ids=["pdf", "png", "jpeg", "zip", "docx", "text", "heic"],
)
def test_it_names_what_a_refused_file_looks_like(data, looks_like):
    assert refusal(data) == (
        f"This file is not an audio recording we can play (it looks like {looks_like}). {ACCEPTED}"
    )


def test_it_still_sees_text_when_the_head_cuts_a_character_in_half():
    data = "Café ".encode() * 20_000
    assert data[:HEAD_BYTES].endswith(b"\xc3")
    assert "(it looks like a plain text file)" in refusal(data)


def test_it_refuses_random_bytes_with_the_list_of_accepted_formats():
    for seed in range(50):
        data = random.Random(seed).randbytes(4096)
        assert refusal(data) == f"This file is not an audio recording we can play. {ACCEPTED}"
