/*
 * A stand-in for Windows' bcryptprimitives.dll, for running kyodo.exe under Wine in CI only.
 *
 * Rust's standard library asks bcryptprimitives.dll for random numbers (ProcessPrng), which
 * Windows 10 and 11 have and Wine 8 lacks: there every program built with Rust exits at start.
 * This DLL exports ProcessPrng and answers from RtlGenRandom (advapi32's SystemFunction036),
 * which Wine has. It is built by ci/windows.sh only where Wine has no bcryptprimitives.dll,
 * and placed beside kyodo.exe, where Windows looks for DLLs first. It is never shipped.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
