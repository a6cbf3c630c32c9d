"""Notices of the native libraries that wheels vendor (PyAV's FFmpeg, x264, ..., OpenCV's,
numpy's, psycopg's) or link statically (sqlcipher3): our own summaries of the upstream
copyright notices, matched to bundled files by name. Data only; ``desktop.licences`` uses it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Native:
    """A native library project that wheels vendor (or link statically) into the bundle.

    ``notice`` is our own summary of the upstream copyright notices (checked against the
    Debian copyright files of the same projects); ``texts`` are files in resources/licenses.
    """

    name: str
    licence: str
    notice: str
    texts: tuple[str, ...]
    pattern: str  # regex on the file name (lower case)


def _lib(*names: str) -> str:
    """File names ``lib<name>[-<auditwheel hash>].so.N`` (or ``<name>-N.dll``)."""
    return r"^(?:lib)?(?:" + "|".join(re.escape(n) for n in names) + r")(?:-[0-9a-f]{8})*[-_.]"


GPL2 = ("GPL-2.0.txt",)
LGPL21 = ("LGPL-2.1.txt",)
GNU_DUAL = ("LGPL-3.0.txt", "GPL-3.0.txt", "GPL-2.0.txt")
NATIVE: tuple[Native, ...] = (
    Native(
        "FFmpeg",
        "LGPL-2.1-or-later; GPL-2.0-or-later where built with x264/x265 (PyAV's build)",
        "Copyright (c) 2000-2025 Fabrice Bellard and the FFmpeg developers. "
        "https://ffmpeg.org/ -- libavcodec, libavformat, libavutil, libavfilter, "
        "libavdevice, libswscale, libswresample.",
        ("LGPL-2.1.txt", "GPL-2.0.txt"),
        _lib("avcodec", "avdevice", "avfilter", "avformat", "avutil", "swresample", "swscale")
        + "|^(?:lib)?postproc[-_.]",
    ),
    Native(
        "x264",
        "GPL-2.0-or-later",
        "Copyright (c) 2003-2025 x264 project. https://www.videolan.org/developers/x264.html",
        GPL2,
        _lib("x264"),
    ),
    Native(
        "x265",
        "GPL-2.0-or-later",
        "Copyright (c) 2013-2025 MulticoreWare, Inc; "
        "2003-2013 x264 project; 2013-2025 x265 project. https://www.x265.org/",
        GPL2,
        _lib("x265"),
    ),
    Native(
        "SVT-AV1",
        "BSD-3-Clause-Clear",
        "Copyright (c) 2016-2025 Alliance for Open Media; "
        "2018-2025 Intel Corporation; Netflix, Inc.; Tencent Corporation. "
        "https://gitlab.com/AOMediaCodec/SVT-AV1",
        ("BSD-3-Clause-Clear.txt",),
        _lib("svtav1enc", "svtav1dec"),
    ),
    Native(
        "dav1d",
        "BSD-2-Clause",
        "Copyright (c) 2018-2025 VideoLAN and dav1d authors; "
        "Two Orioles, LLC. https://code.videolan.org/videolan/dav1d",
        ("BSD-2-Clause.txt",),
        _lib("dav1d"),
    ),
    Native(
        "libvpx",
        "BSD-3-Clause",
        "Copyright (c) 2010-2025 The WebM Project authors. https://www.webmproject.org/",
        ("BSD-3-Clause.txt",),
        _lib("vpx"),
    ),
    Native(
        "libaom",
        "BSD-2-Clause",
        "Copyright (c) 2016-2025 Alliance for Open Media. "
        "https://aomedia.org/ (the AOM Patent License 1.0 also applies)",
        ("BSD-2-Clause.txt",),
        _lib("aom"),
    ),
    Native(
        "libavif",
        "BSD-2-Clause",
        "Copyright (c) 2019-2025 Joe Drago and the libavif "
        "authors. https://github.com/AOMediaCodec/libavif",
        ("BSD-2-Clause.txt",),
        _lib("avif"),
    ),
    Native(
        "Opus",
        "BSD-3-Clause",
        "Copyright (c) 2001-2025 Xiph.Org, Skype Limited, Octasic, "
        "Jean-Marc Valin, Timothy B. Terriberry, CSIRO, Gregory Maxwell, Mark Borgerding, "
        "Erik de Castro Lopo. https://opus-codec.org/",
        ("BSD-3-Clause.txt",),
        _lib("opus"),
    ),
    Native(
        "LAME",
        "LGPL-2.0-or-later",
        "Copyright (c) 1999-2025 The LAME Project, Mark "
        "Taylor, Albert L. Faber, Takehiro Tominaga and others. https://lame.sourceforge.io/",
        ("LGPL-2.0.txt",),
        _lib("mp3lame"),
    ),
    Native(
        "opencore-amr",
        "Apache-2.0",
        "Copyright (c) 1998-2025 PacketVideo, the Android "
        "Open Source Project and the opencore-amr authors. "
        "https://sourceforge.net/projects/opencore-amr/",
        ("Apache-2.0.txt",),
        _lib("opencore-amrnb", "opencore-amrwb"),
    ),
    Native(
        "libwebp",
        "BSD-3-Clause",
        "Copyright (c) 2010-2025 Google Inc. https://chromium.googlesource.com/webm/libwebp",
        ("BSD-3-Clause.txt",),
        _lib("webp", "webpmux", "webpdemux", "sharpyuv"),
    ),
    Native(
        "libvpl (Intel Video Processing Library)",
        "MIT",
        "Copyright (c) 2020-2025 Intel Corporation. https://github.com/intel/libvpl",
        ("MIT.txt",),
        _lib("vpl"),
    ),
    Native(
        "libdrm",
        "MIT",
        "Copyright (c) 2005-2025 Adam Jackson, Intel Corporation and the "
        "libdrm authors. https://dri.freedesktop.org/",
        ("MIT.txt",),
        _lib("drm"),
    ),
    Native(
        "libxcb",
        "MIT",
        "Copyright (c) 2001-2025 Bart Massey, Jamey Sharp and Josh "
        "Triplett. https://xcb.freedesktop.org/",
        ("MIT.txt",),
        _lib("xcb", "xcb-shape", "xcb-shm", "xcb-xfixes"),
    ),
    Native(
        "libXau",
        "MIT",
        "Copyright (c) 1988, 1993, 1994, 1998 The Open Group. https://www.x.org/",
        ("MIT.txt",),
        _lib("xau"),
    ),
    Native(
        "ALSA library",
        "LGPL-2.1-or-later",
        "Copyright (c) 1998-2025 Jaroslav Kysela and "
        "the ALSA authors. https://www.alsa-project.org/",
        LGPL21,
        _lib("asound"),
    ),
    Native(
        "GnuTLS",
        "LGPL-2.1-or-later",
        "Copyright (c) 2000-2025 Free Software Foundation, "
        "Inc., Nikos Mavrogiannopoulos and the GnuTLS authors. https://gnutls.org/",
        LGPL21,
        _lib("gnutls"),
    ),
    Native(
        "Nettle",
        "LGPL-3.0-or-later OR GPL-2.0-or-later",
        "Copyright (c) 2001-2025 Niels "
        "Möller and the Nettle authors. https://www.lysator.liu.se/~nisse/nettle/",
        GNU_DUAL,
        _lib("nettle", "hogweed"),
    ),
    Native(
        "GMP",
        "LGPL-3.0-or-later OR GPL-2.0-or-later",
        "Copyright (c) 1991-2025 Free Software Foundation, Inc. https://gmplib.org/",
        GNU_DUAL,
        _lib("gmp"),
    ),
    Native(
        "libunistring",
        "LGPL-3.0-or-later OR GPL-2.0-or-later",
        "Copyright (c) 1995-2025 "
        "Free Software Foundation, Inc. https://www.gnu.org/software/libunistring/",
        GNU_DUAL,
        _lib("unistring"),
    ),
    Native(
        "libpng",
        "libpng-2.0",
        "Copyright (c) 1995-2025 The PNG Reference Library "
        "Authors; 2018-2025 Cosmin Truta; 1998-2018 Glenn Randers-Pehrson. "
        "http://www.libpng.org/",
        ("libpng-2.0.txt",),
        _lib("png16", "png"),
    ),
    Native(
        "OpenSSL 1.1",
        "OpenSSL AND SSLeay",
        "Copyright (c) 1998-2021 The OpenSSL Project; "
        "1995-1998 Eric Young. This product includes software developed by the OpenSSL "
        "Project for use in the OpenSSL Toolkit (http://www.openssl.org/), cryptographic "
        "software written by Eric Young (eay@cryptsoft.com) and software written by Tim "
        "Hudson (tjh@cryptsoft.com).",
        ("OpenSSL-SSLeay.txt",),
        r"^(?:lib)?(?:ssl|crypto)(?:-[0-9a-f]{8})*\.so\.1\.1",
    ),
    Native(
        "OpenSSL",
        "Apache-2.0",
        "Copyright (c) 1998-2025 The OpenSSL Project Authors. https://www.openssl.org/",
        ("Apache-2.0.txt",),
        _lib("ssl", "crypto"),
    ),
    Native(
        "MIT Kerberos",
        "MIT-style (BSD-2-Clause)",
        "Copyright (c) 1985-2025 by the "
        "Massachusetts Institute of Technology. All rights reserved. "
        "https://web.mit.edu/kerberos/",
        ("BSD-2-Clause.txt",),
        _lib("krb5", "krb5support", "k5crypto", "gssapi_krb5", "com_err"),
    ),
    Native(
        "keyutils",
        "LGPL-2.1-or-later",
        "Copyright (c) 2005-2025 Red Hat, Inc. https://people.redhat.com/~dhowells/keyutils/",
        LGPL21,
        _lib("keyutils"),
    ),
    Native(
        "libxcrypt",
        "LGPL-2.1-or-later",
        "Copyright (c) 1991-2025 Free Software "
        "Foundation, Inc., Zack Weinberg and the libxcrypt authors. "
        "https://github.com/besser82/libxcrypt",
        LGPL21,
        _lib("crypt"),
    ),
    Native(
        "OpenLDAP",
        "OLDAP-2.8",
        "Copyright (c) 1998-2025 The OpenLDAP Foundation. All "
        "rights reserved. https://www.openldap.org/",
        ("OpenLDAP-2.8.txt",),
        _lib("ldap", "lber", "ldap_r"),
    ),
    Native(
        "Cyrus SASL",
        "BSD-4-Clause (CMU)",
        "Copyright (c) 1998-2003 Carnegie Mellon University. https://www.cyrusimap.org/sasl/",
        ("BSD-4-Clause-CMU.txt",),
        _lib("sasl2"),
    ),
    Native(
        "PostgreSQL libpq",
        "PostgreSQL",
        "Portions Copyright (c) 1996-2025, PostgreSQL "
        "Global Development Group; Portions Copyright (c) 1994, The Regents of the "
        "University of California. https://www.postgresql.org/",
        ("PostgreSQL.txt",),
        _lib("pq"),
    ),
    Native(
        "OpenBLAS",
        "BSD-3-Clause",
        "Copyright (c) 2011-2025 The OpenBLAS Project; "
        "2009-2010 The University of Texas at Austin. https://www.openblas.net/",
        ("BSD-3-Clause.txt",),
        r"^(?:lib)?(?:scipy_)?openblas",
    ),
    Native(
        "GCC runtime (libgfortran, libquadmath)",
        "GPL-3.0-or-later WITH GCC-exception-3.1; libquadmath LGPL-2.1-or-later",
        "Copyright (c) 1987-2025 Free Software Foundation, Inc. https://gcc.gnu.org/",
        ("GPL-3.0.txt", "GCC-exception-3.1.txt", "LGPL-2.1.txt"),
        _lib("gfortran", "quadmath", "gcc_s"),
    ),
    Native(
        "crc32c",
        "BSD-3-Clause",
        "Copyright (c) 2017-2025 The CRC32C Authors (Google "
        "Inc.). https://github.com/google/crc32c",
        ("BSD-3-Clause.txt",),
        _lib("crc32c"),
    ),
    Native(
        "SQLCipher",
        "BSD-3-Clause",
        "Copyright (c) 2008-2025 Zetetic LLC. All rights "
        "reserved. https://www.zetetic.net/sqlcipher/",
        ("BSD-3-Clause.txt",),
        r"^$",
    ),
    Native(
        "SQLite",
        "blessing (public domain)",
        "The SQLite source code is in the public "
        "domain (D. Richard Hipp and the SQLite developers). https://sqlite.org/",
        (),
        r"^(?:lib)?sqlite3[-_.]",
    ),
)
# Libraries linked statically into a distribution's extension module: no file to find.
EMBEDDED = {"sqlcipher3": ("SQLCipher", "SQLite", "OpenSSL")}
