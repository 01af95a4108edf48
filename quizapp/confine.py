"""Kernel confinement for a sandbox child: Landlock and seccomp-bpf, through ctypes.

Applied in the child after fork and before any untrusted byte runs, in this order, each step
irrevocable for the process:

1. ``PR_SET_NO_NEW_PRIVS`` (needed by both, and no set-uid gain afterwards);
2. **Landlock** with every filesystem right the kernel knows of handled and *no* rule added:
   no file or directory can be opened, created, removed, linked, truncated or executed at all
   (already-open descriptors keep working: the result pipe and the output file). From ABI 4
   TCP bind/connect are handled too, from ABI 6 signals to processes outside the domain and
   abstract unix sockets are scoped;
3. **seccomp-bpf**, a hand-built classic BPF program (x86-64 only): no exec, no fork/clone
   (hence no threads: the worker sets OpenBLAS/OMP to one thread before NumPy loads), no
   sockets, no signals but to itself, no ptrace or process_vm_*, no mknod, memfd, SysV shm/msg/
   sem, mount, namespaces, io_uring, bpf, keyrings, time setting or port I/O, no raising rlimits,
   no chmod/chown/xattr/utime, and ``write``/``writev``/``pwrite*`` only to the descriptors given
   (standard output, standard error, the result pipe). Denied calls fail with ``EPERM`` (so the
   learner sees a Python exception, not a silent death); a foreign architecture or x32 syscall
   kills the process.

No dependency: the three Landlock syscalls and ``prctl`` are called through libc's ``syscall``.
:func:`probe` says what this kernel offers (``QUIZAPP_SANDBOX=limited`` forces the fallback);
nothing here imports Textual.
"""

from __future__ import annotations

import ctypes
import os
import platform
import struct
from dataclasses import dataclass

# -- constants -------------------------------------------------------------------------------
PR_SET_NO_NEW_PRIVS = 38
PR_GET_SECCOMP = 21
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2

SYS_LANDLOCK_CREATE_RULESET = 444  # the same number on every architecture
SYS_LANDLOCK_RESTRICT_SELF = 446
LANDLOCK_CREATE_RULESET_VERSION = 1

AUDIT_ARCH_X86_64 = 0xC000003E
SECCOMP_RET_KILL_PROCESS = 0x80000000
SECCOMP_RET_ERRNO = 0x00050000
SECCOMP_RET_ALLOW = 0x7FFF0000
EPERM = 1
ENOSYS = 38

# classic BPF opcodes
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_RET_K = 0x06

# x86-64 syscall numbers
_X86_64_DENY = {
    # processes and programs
    "fork": 57, "vfork": 58, "clone": 56, "execve": 59, "execveat": 322, "setsid": 112,
    "unshare": 272, "setns": 308, "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311,
    "kcmp": 312, "pidfd_open": 434, "pidfd_send_signal": 424, "pidfd_getfd": 438, "seccomp_personality": 135,
    # networking
    "socket": 41, "socketpair": 53, "connect": 42, "bind": 49, "listen": 50, "accept": 43, "accept4": 288,
    "sendto": 44, "sendmsg": 46, "sendmmsg": 307,
    # special files, shared memory, message queues
    "mknod": 133, "mknodat": 259, "memfd_create": 319, "memfd_secret": 447, "shmget": 29, "shmat": 30,
    "shmctl": 31, "shmdt": 67, "semget": 64, "semop": 65, "semctl": 66, "semtimedop": 220, "msgget": 68,
    "msgsnd": 69, "msgrcv": 70, "msgctl": 71, "mq_open": 240, "mq_unlink": 241, "mq_timedsend": 242,
    "mq_notify": 244, "userfaultfd": 323,
    # writes around the fd check
    "sendfile": 40, "splice": 275, "tee": 276, "vmsplice": 278, "copy_file_range": 326,
    "io_setup": 206, "io_submit": 209, "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
    # metadata of already-open descriptors and paths (Landlock covers the rest)
    "chmod": 90, "fchmod": 91, "fchmodat": 268, "fchmodat2": 452, "chown": 92, "fchown": 93, "lchown": 94,
    "fchownat": 260, "utime": 132, "utimes": 235, "utimensat": 280, "futimesat": 261, "setxattr": 188,
    "lsetxattr": 189, "fsetxattr": 190, "removexattr": 197, "lremovexattr": 198, "fremovexattr": 199,
    "truncate": 76, "ftruncate": 77, "fallocate": 285, "link": 86, "linkat": 265, "symlink": 88,
    "symlinkat": 266, "rename": 82, "renameat": 264, "renameat2": 316, "unlink": 87, "unlinkat": 263,
    "mkdir": 83, "mkdirat": 258, "rmdir": 84, "name_to_handle_at": 303, "open_by_handle_at": 304,
    # the system
    "mount": 165, "umount2": 166, "pivot_root": 155, "chroot": 161, "move_mount": 429, "open_tree": 428,
    "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433, "mount_setattr": 442, "swapon": 167,
    "swapoff": 168, "reboot": 169, "sethostname": 170, "setdomainname": 171, "iopl": 172, "ioperm": 173,
    "init_module": 175, "finit_module": 313, "delete_module": 176, "kexec_load": 246, "kexec_file_load": 320,
    "acct": 163, "quotactl": 179, "syslog": 103, "settimeofday": 164, "clock_settime": 227,
    "clock_adjtime": 305, "adjtimex": 159, "bpf": 321, "perf_event_open": 298, "keyctl": 250,
    "add_key": 248, "request_key": 249, "fanotify_init": 300, "vhangup": 153, "setrlimit": 160,
    "setuid": 105, "setgid": 106, "setreuid": 113, "setregid": 114, "setresuid": 117, "setresgid": 119,
    "setfsuid": 122, "setfsgid": 123, "setgroups": 116, "capset": 126, "migrate_pages": 256,
    "move_pages": 279, "process_madvise": 440, "process_mrelease": 448,
}
_X86_64 = {
    "write": 1, "pwrite64": 18, "writev": 20, "pwritev": 296, "pwritev2": 328,
    "kill": 62, "tkill": 200, "tgkill": 234, "rt_sigqueueinfo": 129, "rt_tgsigqueueinfo": 297,
    "clone3": 435, "prlimit64": 302,
}

# Landlock access rights by ABI version
_FS_ABI1 = (1 << 13) - 1  # execute … make_sym
_FS_REFER = 1 << 13  # ABI 2
_FS_TRUNCATE = 1 << 14  # ABI 3
_FS_IOCTL_DEV = 1 << 15  # ABI 5
_NET_ALL = 0b11  # bind_tcp, connect_tcp (ABI 4)
_SCOPE_ALL = 0b11  # abstract unix socket, signal (ABI 6)


class ConfinementError(OSError):
    pass


@dataclass(frozen=True, slots=True)
class Support:
    """What this kernel (and the environment) offers."""

    landlock_abi: int  # 0: none
    seccomp: bool
    forced_limited: bool = False
    reason: str = ""

    @property
    def full(self) -> bool:
        return self.landlock_abi >= 1 and self.seccomp and not self.forced_limited

    @property
    def level(self) -> str:
        return "full" if self.full else "limited"

    def describe(self) -> str:
        parts = [f"Landlock ABI {self.landlock_abi}" if self.landlock_abi else "no Landlock",
                 "seccomp-bpf" if self.seccomp else "no seccomp-bpf"]
        if self.forced_limited:
            parts.append("QUIZAPP_SANDBOX=limited")
        return ", ".join(parts)


_libc = None


def _lib():
    global _libc
    if _libc is None:
        lib = ctypes.CDLL(None, use_errno=True)
        lib.syscall.restype = ctypes.c_long
        lib.prctl.restype = ctypes.c_int
        lib.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
        _libc = lib
    return _libc


def forced_limited() -> bool:
    return os.environ.get("QUIZAPP_SANDBOX", "").strip().lower() in ("limited", "off", "none")


_PROBED: Support | None = None


def probe(*, refresh: bool = False) -> Support:
    """Ask the kernel what it offers (cached; ``refresh`` asks again)."""
    global _PROBED
    if _PROBED is not None and not refresh:
        return _PROBED
    forced = forced_limited()
    abi, sec, reason = 0, False, ""
    if platform.system() != "Linux":
        reason = f"{platform.system()} has neither Landlock nor seccomp"
    else:
        try:
            lib = _lib()
            r = lib.syscall(ctypes.c_long(SYS_LANDLOCK_CREATE_RULESET), None, ctypes.c_size_t(0),
                            ctypes.c_uint32(LANDLOCK_CREATE_RULESET_VERSION))
            abi = int(r) if r > 0 else 0
            if abi == 0:
                reason = f"Landlock unavailable ({os.strerror(ctypes.get_errno())})"
            sec = lib.prctl(PR_GET_SECCOMP, 0, 0, 0, 0) >= 0 and platform.machine() in ("x86_64", "AMD64")
            if not sec:
                reason = (reason + "; " if reason else "") + f"no seccomp filter for {platform.machine()}"
        except (OSError, AttributeError) as exc:  # pragma: no cover - no libc
            reason = f"no libc: {exc}"
    _PROBED = Support(abi, sec, forced, reason)
    return _PROBED


# -- seccomp ---------------------------------------------------------------------------------
def _ins(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("<HBBI", code, jt, jf, k & 0xFFFFFFFF)


def _ret(value: int) -> bytes:
    return _ins(_RET_K, value)


_OFF_NR, _OFF_ARCH = 0, 4


def _arg_lo(i: int) -> int:
    return 16 + 8 * i  # struct seccomp_data: nr, arch, ip (8), args[6] (8 each); little endian


def _guarded(nr: int, arg: int, allowed: list[int], deny: int) -> list[bytes]:
    """``if nr == <nr>: return ALLOW if (u32)args[arg] in allowed else deny``."""
    block = [_ins(_LD_W_ABS, _arg_lo(arg))]
    n = len(allowed)
    for i, v in enumerate(allowed):
        block.append(_ins(_JEQ_K, v, jt=n - i, jf=0))  # jump to the ALLOW below
    block.append(_ret(deny))
    block.append(_ret(SECCOMP_RET_ALLOW))
    return [_ins(_JEQ_K, nr, jt=0, jf=len(block))] + block


def build_filter(write_fds: list[int], pid: int) -> bytes:
    """The BPF program (x86-64) for a child whose own pid is ``pid``."""
    errno = SECCOMP_RET_ERRNO | EPERM
    prog = [
        _ins(_LD_W_ABS, _OFF_ARCH),
        _ins(_JEQ_K, AUDIT_ARCH_X86_64, jt=1, jf=0),
        _ret(SECCOMP_RET_KILL_PROCESS),
        _ins(_LD_W_ABS, _OFF_NR),
        _ins(_JGE_K, 0x40000000, jt=0, jf=1),  # x32 ABI
        _ret(SECCOMP_RET_KILL_PROCESS),
    ]
    for nr in sorted(set(_X86_64_DENY.values())):
        prog += [_ins(_JEQ_K, nr, jt=0, jf=1), _ret(errno)]
    prog += [_ins(_JEQ_K, _X86_64["clone3"], jt=0, jf=1), _ret(SECCOMP_RET_ERRNO | ENOSYS)]
    for name in ("write", "pwrite64", "writev", "pwritev", "pwritev2"):
        prog += _guarded(_X86_64[name], 0, write_fds, errno)
        prog.append(_ins(_LD_W_ABS, _OFF_NR))  # reload nr (the guard loaded an argument)
    for name in ("kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo"):
        prog += _guarded(_X86_64[name], 0, [pid], errno)
        prog.append(_ins(_LD_W_ABS, _OFF_NR))
    # prlimit64(pid, resource, new, old): reading is fine, setting is not
    prog += _guarded(_X86_64["prlimit64"], 2, [0], errno)
    prog.append(_ret(SECCOMP_RET_ALLOW))
    return b"".join(prog)


def _apply_seccomp(write_fds: list[int]) -> None:
    prog = build_filter(write_fds, os.getpid())
    n = len(prog) // 8
    buf = ctypes.create_string_buffer(prog, len(prog))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(n, ctypes.cast(buf, ctypes.c_void_p))
    lib = _lib()
    if lib.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(fprog), 0, 0) != 0:
        raise ConfinementError(ctypes.get_errno(), "seccomp filter refused")


# -- Landlock --------------------------------------------------------------------------------
def _apply_landlock(abi: int) -> None:
    fs = _FS_ABI1
    if abi >= 2:
        fs |= _FS_REFER
    if abi >= 3:
        fs |= _FS_TRUNCATE
    if abi >= 5:
        fs |= _FS_IOCTL_DEV
    if abi >= 6:
        attr = struct.pack("<QQQ", fs, _NET_ALL, _SCOPE_ALL)
    elif abi >= 4:
        attr = struct.pack("<QQ", fs, _NET_ALL)
    else:
        attr = struct.pack("<Q", fs)
    buf = ctypes.create_string_buffer(attr, len(attr))
    lib = _lib()
    fd = lib.syscall(ctypes.c_long(SYS_LANDLOCK_CREATE_RULESET), buf, ctypes.c_size_t(len(attr)), ctypes.c_uint32(0))
    if fd < 0:
        raise ConfinementError(ctypes.get_errno(), "landlock_create_ruleset failed")
    try:
        if lib.syscall(ctypes.c_long(SYS_LANDLOCK_RESTRICT_SELF), ctypes.c_int(fd), ctypes.c_uint32(0)) != 0:
            raise ConfinementError(ctypes.get_errno(), "landlock_restrict_self failed")
    finally:
        os.close(fd)


def confine(write_fds: list[int], support: Support | None = None) -> str:
    """Confine this process for good; returns the level reached ("full" or "limited").
    Raises :class:`ConfinementError` when the kernel said it offers a step that then fails."""
    support = support or probe()
    lib = _lib()
    if lib.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise ConfinementError(ctypes.get_errno(), "PR_SET_NO_NEW_PRIVS failed")
    if support.forced_limited:
        return "limited"
    if support.landlock_abi:
        _apply_landlock(min(support.landlock_abi, 6))
    if support.seccomp:
        _apply_seccomp(write_fds)
    return "full" if support.full else "limited"
