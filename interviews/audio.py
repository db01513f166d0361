"""Recognising an uploaded interview recording by its content, not by its file name.

`sniff_audio` is given the first bytes of an upload (`HEAD_BYTES`, or the whole file if it
is shorter) and its total size. It returns the format to store the recording under, or
raises `NotAudio` with a message to show the researcher. It reads magic numbers and just
enough container structure to tell audio from video, documents and images; it does not
decode any sound. Standard library only, so a view, a task and a test all call it the same.
"""

import codecs
import math
from collections.abc import Iterator
from dataclasses import dataclass

MAX_RECORDING_BYTES = 500 * 1024 * 1024  # 500 MB: a 2-hour WAV at 16-bit 22 kHz mono fits
HEAD_BYTES = 65536

_MEGABYTE = 1024 * 1024
_ACCEPTED = "We accept MP3, M4A, WAV, OGG/Opus, FLAC, WebM, AAC and AMR recordings."


class NotAudio(ValueError):
    """An upload we will not store as a recording; str(error) is a clear, calm message for a
    researcher."""


@dataclass(frozen=True)
class AudioKind:
    mime: str  # e.g. "audio/mpeg"
    extension: str  # e.g. "mp3", the name we store it under


_MP3 = AudioKind("audio/mpeg", "mp3")
_WAV = AudioKind("audio/wav", "wav")
_FLAC = AudioKind("audio/flac", "flac")
_OGG = AudioKind("audio/ogg", "ogg")
_M4A = AudioKind("audio/mp4", "m4a")
_AAC = AudioKind("audio/aac", "aac")
_WEBM = AudioKind("audio/webm", "webm")
_AMR = AudioKind("audio/amr", "amr")


def sniff_audio(head: bytes, size: int) -> AudioKind:
    """The audio format of a file from its first bytes (callers pass at least the first
    `HEAD_BYTES`, or the whole file if shorter) and its total size in bytes.

    Raises NotAudio for anything else, an empty file, or a file over MAX_RECORDING_BYTES.
    A negative size is a caller's bug, not the researcher's, so it raises a plain ValueError.
    """
    if size < 0:
        raise ValueError(f"size must not be negative, got {size}")
    if size == 0:
        raise NotAudio("The file is empty.")
    if size > MAX_RECORDING_BYTES:
        # Round up, so a file just over the limit never reads as "500 MB, over the 500 MB limit".
        megabytes = math.ceil(size / _MEGABYTE)
        raise NotAudio(
            f"This file is {megabytes} MB, over the {MAX_RECORDING_BYTES // _MEGABYTE} MB "
            "limit for one recording. Exporting it as MP3 or M4A usually makes it small enough."
        )
    head = head[:size]
    # Some answers depend on whether bytes are missing or the file really ends here.
    whole = len(head) == size
    kind = _audio_kind(head, whole)
    if kind is None:
        raise _not_audio(_looks_like(head, whole))
    return kind


def _not_audio(looks_like: str | None) -> NotAudio:
    if looks_like is None:
        return NotAudio(f"This file is not an audio recording we can play. {_ACCEPTED}")
    return NotAudio(
        f"This file is not an audio recording we can play (it looks like {looks_like}). {_ACCEPTED}"
    )


def _audio_kind(head: bytes, whole: bool) -> AudioKind | None:
    """The format, None if `head` is no audio we know, or NotAudio raised for a container
    that we recognise but that holds video (an MP4 or Ogg video)."""
    if head.startswith(b"ID3"):
        return _after_id3_tag(head, whole)
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return _WAV
    if head.startswith(b"OggS"):
        return _ogg_kind(head)
    if head[4:8] == b"ftyp":
        return _mp4_kind(head)
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return _WEBM if _ebml_doctype(head) in (b"webm", b"matroska") else None
    if head.startswith(b"#!AMR\n"):
        return _AMR
    return _bare_stream(head)


def _bare_stream(data: bytes) -> AudioKind | None:
    """A stream that starts right at `data`: at the start of a file, or after an ID3 tag."""
    if _is_mp3_frame(data):
        return _MP3
    if _is_adts_frame(data):
        return _AAC
    if data.startswith(b"fLaC"):
        return _FLAC
    return None


# MP3 and ID3


def _is_mp3_frame(data: bytes) -> bool:
    """An MPEG-1, 2 or 2.5 Layer III frame header: an 11-bit sync, then no reserved values.

    Free-format bitrate (index 0) is refused too: no recorder writes it, and every refused
    value makes a chance match in other data less likely.
    """
    if len(data) < 4 or data[0] != 0xFF or data[1] & 0xE0 != 0xE0:
        return False
    version = (data[1] >> 3) & 0b11  # 0b01 is reserved
    layer = (data[1] >> 1) & 0b11  # 0b01 is Layer III; 0b00 is reserved (ADTS uses it)
    bitrate = data[2] >> 4  # 0 is free format, 15 is invalid
    sample_rate = (data[2] >> 2) & 0b11  # 0b11 is reserved
    emphasis = data[3] & 0b11  # 0b10 is reserved
    return (
        version != 0b01
        and layer == 0b01
        and bitrate not in (0, 15)
        and sample_rate != 0b11
        and emphasis != 0b10
    )


def _after_id3_tag(head: bytes, whole: bool) -> AudioKind | None:
    """An ID3v2 tag is only metadata: the answer is whatever stream follows it."""
    if len(head) < 10:
        return None
    major, revision, flags, size_bytes = head[3], head[4], head[5], head[6:10]
    if major not in (2, 3, 4) or revision == 0xFF or any(byte & 0x80 for byte in size_bytes):
        return None
    tag_end = 10 + _syncsafe(size_bytes)
    if major == 4 and flags & 0x10:
        tag_end += 10  # an ID3v2.4 footer, not counted in the size
    after = head[tag_end:]
    if len(after) < 4 and not whole:
        # Tags with cover art can outgrow the head; the tag header is all there is to go on.
        return _MP3
    # ID3 belongs to MP3, but taggers also put it in front of FLAC and ADTS streams.
    return _bare_stream(after)


def _syncsafe(size_bytes: bytes) -> int:
    """ID3v2 sizes keep the top bit of each byte clear so they never look like a frame sync."""
    value = 0
    for byte in size_bytes:
        value = (value << 7) | byte
    return value


# AAC


def _is_adts_frame(data: bytes) -> bool:
    """An ADTS header: a 12-bit sync and layer 00, a defined sampling rate, and a frame
    length that can hold the 7-byte header itself."""
    if len(data) < 7 or data[0] != 0xFF or data[1] & 0xF6 != 0xF0:
        return False
    sampling_index = (data[2] >> 2) & 0x0F  # 13 and 14 are reserved, 15 is not allowed
    frame_length = ((data[3] & 0b11) << 11) | (data[4] << 3) | (data[5] >> 5)
    return sampling_index <= 12 and frame_length >= 7


# Ogg

# The first packet of each logical stream names its codec.
_OGG_AUDIO = (b"OpusHead", b"\x01vorbis", b"\x7fFLAC")
_OGG_VIDEO = (b"\x80theora", b"OVP80", b"BBCD\x00", b"\x80daala")  # Theora, VP8, Dirac, Daala


def _ogg_kind(head: bytes) -> AudioKind | None:
    has_audio = False
    for packet in _ogg_stream_openings(head):
        if packet.startswith(_OGG_VIDEO):
            raise _not_audio("an Ogg video")
        has_audio = has_audio or packet.startswith(_OGG_AUDIO)
    return _OGG if has_audio else None


def _ogg_stream_openings(head: bytes) -> Iterator[bytes]:
    """The start of each logical stream's first packet. An Ogg file opens with one
    beginning-of-stream page per stream, before any other page, so a video stream is
    found here even when an audio stream comes first."""
    page = 0
    while head[page : page + 4] == b"OggS" and len(head) >= page + 27:
        version, header_type, segments = head[page + 4], head[page + 5], head[page + 26]
        if version != 0 or not header_type & 0x02:
            return
        body = page + 27 + segments
        yield head[body : body + 8]
        page = body + sum(head[page + 27 : body])


# MP4 (ISO base media file format)

_AUDIO_BRANDS = (b"M4A ", b"M4B ")
# Brands used for audio and video alike: the handler of each track tells them apart.
_GENERIC_BRANDS = (b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"dash")
_IMAGE_BRANDS = (b"heic", b"heix", b"mif1", b"msf1", b"avif", b"avis")


def _mp4_kind(head: bytes) -> AudioKind | None:
    major_brand = head[8:12]
    if len(major_brand) < 4:
        return None
    if major_brand in _AUDIO_BRANDS:
        return _M4A
    if major_brand in _IMAGE_BRANDS:
        raise _not_audio("an HEIC or AVIF image")
    if major_brand not in _GENERIC_BRANDS:
        raise _not_audio("a video")
    handlers = _mp4_handler_types(head)
    if b"vide" in handlers:
        raise _not_audio("a video")
    if b"soun" in handlers:
        return _M4A
    # Usually the track list ("moov") was written after the media, beyond the bytes we read.
    raise _not_audio("an MP4 file, but we could not find a sound track in it")


def _mp4_handler_types(head: bytes) -> set[bytes]:
    """Handler types of the "hdlr" boxes in `head`: after the box type come 4 bytes of
    version and flags, 4 reserved bytes, then the handler type ("soun", "vide", ...)."""
    found: set[bytes] = set()
    at = head.find(b"hdlr")
    while at != -1:
        found.add(head[at + 12 : at + 16])
        at = head.find(b"hdlr", at + 4)
    return found


# WebM and Matroska (EBML)


def _ebml_doctype(head: bytes) -> bytes | None:
    """The DocType element of the EBML header that starts `head`, None if there is none."""
    header_size = _ebml_vint(head, 4)
    if header_size is None:
        return None
    position = 4 + header_size[0]
    end = min(position + header_size[1], len(head))
    while position < end:
        id_length = _ebml_vint_length(head[position])
        if id_length is None:
            return None
        element_id = head[position : position + id_length]
        element_size = _ebml_vint(head, position + id_length)
        if element_size is None:
            return None
        position += id_length + element_size[0]
        if element_id == b"\x42\x82":
            return head[position : position + element_size[1]].rstrip(b"\x00")
        position += element_size[1]
    return None


def _ebml_vint_length(first_byte: int) -> int | None:
    """EBML numbers announce their length in bytes by the position of the first set bit."""
    for length in range(1, 9):
        if first_byte & (0x80 >> (length - 1)):
            return length
    return None


def _ebml_vint(data: bytes, position: int) -> tuple[int, int] | None:
    """(length in bytes, value) of the EBML number at `position`, None if it is cut off."""
    if position >= len(data):
        return None
    length = _ebml_vint_length(data[position])
    if length is None or position + length > len(data):
        return None
    value = data[position] & (0xFF >> length)
    for byte in data[position + 1 : position + length]:
        value = (value << 8) | byte
    return length, value


# What a refused file looks like, to tell the researcher


def _looks_like(head: bytes, whole: bool) -> str | None:
    if head.startswith(b"%PDF-"):
        return "a PDF document"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "a PNG image"
    if head.startswith(b"\xff\xd8\xff"):
        return "a JPEG image"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "a GIF image"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "a WebP image"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "a video"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        # A .docx is a ZIP archive whose parts live under word/.
        return "a Word document" if b"word/" in head else "a ZIP archive"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "an older Microsoft Office document"
    if _is_text(head, whole):
        return "a plain text file"
    return None


def _is_text(head: bytes, whole: bool) -> bool:
    """UTF-8 (or ASCII) with no control characters but whitespace. When the head stops
    before the end of the file it may cut a character in half, which is no evidence."""
    try:
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=whole)
    except UnicodeDecodeError:
        return False
    return bool(text) and all(char.isprintable() or char in "\t\n\r\f" for char in text)
