package emu

import (
	"encoding/binary"
	"sort"
	"strings"
)

// Fake system DLLs: each is a small PE image with a real export table
// (stubs walk it to find GetProcAddress) whose functions are trap
// addresses: executing one calls the Go implementation in api.go.

const (
	// dllSize is the address space of one fake DLL.
	dllSize = 0x20000
	// dllStubs is the RVA of the first function stub.
	dllStubs = 0x8000
	// stubSize is the spacing of function stubs.
	stubSize = 16
	// maxStubs bounds the functions of one DLL, including those created
	// by GetProcAddress for unknown names.
	maxStubs = (dllSize - dllStubs) / stubSize
	// dllTop is where fake DLLs are placed, downwards; the system DLLs of
	// Windows XP sat there.
	dllTop = 0x7c900000
	// maxDLLs bounds the fake DLLs one program may load.
	maxDLLs = 64
)

// dll is one fake system DLL.
type dll struct {
	name   string // lower case, with extension
	base   uint32
	byName map[string]uint32
	byOrd  map[uint32]uint32
	nstubs int
}

// api is one function a stub may call.
type api struct {
	dll   *dll
	name  string
	nargs int // stdcall arguments (-1: unknown)
	fn    func(m *Machine, a []uint32) uint32
}

// knownExports lists the exports of the DLLs the stubs use; functions
// without an implementation stop emulation when called.
var knownExports = map[string][]string{
	"kernel32.dll": {
		"CloseHandle", "CreateFileA", "CreateFileW", "ExitProcess", "ExitThread", "FlushInstructionCache",
		"FreeLibrary", "GetCommandLineA", "GetCommandLineW", "GetCurrentProcess", "GetCurrentProcessId",
		"GetCurrentThread", "GetCurrentThreadId", "GetLastError", "GetModuleFileNameA", "GetModuleFileNameW",
		"GetModuleHandleA", "GetModuleHandleW", "GetProcAddress", "GetProcessHeap", "GetStartupInfoA",
		"GetSystemTimeAsFileTime", "GetTickCount", "GetVersion", "GetVersionExA", "GlobalAlloc", "GlobalFree",
		"HeapAlloc", "HeapCreate", "HeapFree", "HeapReAlloc", "IsBadReadPtr", "IsDebuggerPresent", "LoadLibraryA",
		"LoadLibraryExA", "LoadLibraryExW", "LoadLibraryW", "LocalAlloc", "LocalFree", "QueryPerformanceCounter",
		"ReadFile", "SetErrorMode", "SetLastError", "SetUnhandledExceptionFilter", "Sleep",
		"UnhandledExceptionFilter", "VirtualAlloc", "VirtualFree", "VirtualProtect", "VirtualQuery", "WriteFile",
		"lstrcmpA", "lstrcmpiA", "lstrcpyA", "lstrlenA", "GetSystemDirectoryA", "GetWindowsDirectoryA",
		"OutputDebugStringA", "RtlUnwind", "GetFileSize", "CreateThread", "TerminateProcess", "GetACP",
		"MultiByteToWideChar", "WideCharToMultiByte", "OpenProcess", "CreateToolhelp32Snapshot", "Process32First",
		"Process32Next", "Module32First", "Module32Next", "Thread32First", "Thread32Next",
		"CheckRemoteDebuggerPresent", "ResumeThread", "SuspendThread", "GetThreadContext", "SetThreadContext",
		"WriteProcessMemory", "ReadProcessMemory", "VirtualProtectEx", "VirtualAllocEx", "VirtualFreeEx",
		"VirtualQueryEx", "GetSystemTime", "GetLocalTime", "GetFileAttributesA", "DeleteFileA", "SetFilePointer",
		"CreateFileMappingA", "MapViewOfFile", "UnmapViewOfFile", "lstrcatA", "GetTempPathA", "GlobalLock",
		"GlobalUnlock", "DuplicateHandle", "WaitForSingleObject", "CreateEventA", "SetEvent", "CreateMutexA",
		"OpenMutexA", "ReleaseMutex", "GetEnvironmentVariableA", "SetEnvironmentVariableA", "TlsAlloc",
		"TlsGetValue", "TlsSetValue", "TlsFree", "InitializeCriticalSection", "EnterCriticalSection",
		"LeaveCriticalSection", "DeleteCriticalSection", "InterlockedIncrement", "InterlockedDecrement",
		"InterlockedExchange", "MulDiv", "FindResourceA", "LoadResource", "LockResource", "SizeofResource",
		"FindFirstFileA", "FindNextFileA", "FindClose", "GetDriveTypeA", "GetLogicalDrives",
		"GetVolumeInformationA", "GetComputerNameA", "GetUserDefaultLangID", "GetSystemInfo",
		"QueryPerformanceFrequency", "RaiseException", "DeviceIoControl", "GetFileType", "GetStdHandle",
		"GetThreadPriority", "SetThreadPriority", "SetPriorityClass", "GetPriorityClass", "IsBadWritePtr",
		"IsBadCodePtr", "FileTimeToSystemTime", "GetTimeZoneInformation", "GetOEMCP", "GetCPInfo",
		"CompareStringA", "LCMapStringA", "GetStringTypeA", "SetHandleCount", "GetEnvironmentStrings",
		"FreeEnvironmentStringsA", "HeapDestroy", "HeapSize", "OpenThread", "CreateProcessA", "WinExec",
		"GetExitCodeProcess", "GetExitCodeThread", "Beep", "DebugBreak", "DebugActiveProcess",
		"ContinueDebugEvent", "WaitForDebugEvent", "FatalAppExitA", "GetFullPathNameA", "CopyFileA", "MoveFileA",
		"CreateDirectoryA", "RemoveDirectoryA", "SetCurrentDirectoryA", "GetCurrentDirectoryA", "RtlZeroMemory",
		"RtlMoveMemory", "RtlFillMemory", "SetFileAttributesA", "GetFileTime", "SetFileTime", "SetEndOfFile",
		"FlushFileBuffers", "GetShortPathNameA", "GetPrivateProfileStringA", "WritePrivateProfileStringA",
		"OpenFileMappingA", "CreateRemoteThread", "GetProcessVersion", "Toolhelp32ReadProcessMemory",
		"IsProcessorFeaturePresent", "GetNativeSystemInfo", "IsWow64Process", "AddVectoredExceptionHandler",
		"RemoveVectoredExceptionHandler", "lstrcpynA", "lstrlenW", "lstrcpyW", "GetModuleHandleExA", "VirtualLock",
		"VirtualUnlock", "GlobalMemoryStatus", "GetDiskFreeSpaceA", "CreateSemaphoreA", "ReleaseSemaphore",
		"SwitchToThread", "SleepEx", "WaitForMultipleObjects", "OpenEventA", "ResetEvent",
		"GetProcessAffinityMask", "GetProcessTimes", "GetThreadTimes", "GetSystemDefaultLangID", "GetLocaleInfoA",
		"GetUserDefaultLCID", "GetDateFormatA", "GetTimeFormatA", "FormatMessageA", "lstrcatW", "lstrcmpW",
		"GetVersionExW", "CreateFileMappingW", "SetFilePointerEx", "GetFileSizeEx",
	},
	"ntdll.dll": {
		"KiUserExceptionDispatcher", "NtContinue", "RtlUnwind", "ZwQueryInformationProcess",
		"NtQueryInformationProcess", "RtlAllocateHeap", "RtlFreeHeap", "LdrLoadDll", "LdrGetProcedureAddress",
		"NtProtectVirtualMemory", "ZwProtectVirtualMemory", "NtAllocateVirtualMemory", "ZwAllocateVirtualMemory",
	},
	"user32.dll": {"MessageBoxA", "MessageBoxW", "wsprintfA", "GetDesktopWindow", "FindWindowA"},
}

// newDLL creates the fake DLL name (lower case) and maps it.
func (m *Machine) newDLL(name string) *dll {
	if len(m.dllList) >= maxDLLs {
		return nil
	}
	base := m.nextDLL
	m.nextDLL -= dllSize
	d := &dll{name: name, base: base, byName: map[string]uint32{}, byOrd: map[uint32]uint32{}}
	m.mem.reserve(base, dllSize)
	m.dlls[name] = d
	m.dllList = append(m.dllList, d)
	m.trapLo = min(m.trapLo, base+dllStubs)
	m.trapHi = max(m.trapHi, base+dllSize)
	exports := append([]string(nil), knownExports[name]...)
	sort.Strings(exports)
	for _, e := range exports {
		m.addStub(d, e)
	}
	m.writeDLLImage(d, exports)
	return d
}

// addStub creates the trap for function name of d.
func (m *Machine) addStub(d *dll, name string) uint32 {
	if d.nstubs >= maxStubs {
		return 0
	}
	addr := d.base + dllStubs + uint32(d.nstubs)*stubSize
	d.nstubs++
	d.byName[name] = addr
	d.byOrd[uint32(d.nstubs)] = addr
	a := &api{dll: d, name: name, nargs: -1}
	if impl, ok := apiImpls[name]; ok {
		a.nargs, a.fn = impl.nargs, impl.fn
	}
	m.apis[addr] = a
	// A plausible prologue: stubs that check an API's first byte for a
	// breakpoint (0xCC) see none.
	m.mem.write(addr, []byte{0x8b, 0xff, 0x55, 0x8b, 0xec, 0xc3})
	return addr
}

// writeDLLImage writes the DOS and PE headers and the export directory.
func (m *Machine) writeDLLImage(d *dll, exports []string) {
	le := binary.LittleEndian
	h := make([]byte, 0x400)
	copy(h, "MZ")
	le.PutUint32(h[0x3c:], 0x80)
	copy(h[0x80:], "PE\x00\x00")
	le.PutUint16(h[0x84:], 0x14c)
	le.PutUint16(h[0x86:], 1)
	le.PutUint16(h[0x94:], 0xe0)
	le.PutUint16(h[0x96:], 0x2102)
	o := h[0x98:]
	le.PutUint16(o, 0x10b)
	le.PutUint32(o[28:], d.base)
	le.PutUint32(o[32:], 0x1000)
	le.PutUint32(o[36:], 0x200)
	le.PutUint32(o[56:], dllSize)
	le.PutUint32(o[60:], 0x400)
	le.PutUint32(o[92:], 16)
	le.PutUint32(o[96:], 0x1000) // export directory
	le.PutUint32(o[100:], 0x6000)
	sec := h[0x98+0xe0:]
	copy(sec, ".text")
	le.PutUint32(sec[8:], dllSize-0x1000)
	le.PutUint32(sec[12:], 0x1000)
	le.PutUint32(sec[36:], 0x60000020)
	m.mem.write(d.base, h)

	// Export directory at 0x1000: functions, names, ordinals, strings.
	n := uint32(len(exports))
	ed := make([]byte, 40)
	funcs, names, ords := uint32(0x1040), uint32(0x1040)+4*n, uint32(0x1040)+8*n
	strs := ords + 2*n
	nameRVA := strs
	buf := []byte(strings.ToUpper(d.name[:1]) + d.name[1:] + "\x00")
	strs += uint32(len(buf))
	le.PutUint32(ed[12:], nameRVA)
	le.PutUint32(ed[16:], 1)
	le.PutUint32(ed[20:], n)
	le.PutUint32(ed[24:], n)
	le.PutUint32(ed[28:], funcs)
	le.PutUint32(ed[32:], names)
	le.PutUint32(ed[36:], ords)
	tbl := make([]byte, 10*n)
	for i, e := range exports {
		le.PutUint32(tbl[4*i:], d.byName[e]-d.base)
		le.PutUint32(tbl[4*n+4*uint32(i):], strs)
		le.PutUint16(tbl[8*n+2*uint32(i):], uint16(i))
		buf = append(buf, e...)
		buf = append(buf, 0)
		strs += uint32(len(e)) + 1
	}
	if 0x1040+uint32(len(tbl)+len(buf)) > dllStubs {
		return // too many names for the directory area; traps still work
	}
	m.mem.write(d.base+0x1000, ed)
	m.mem.write(d.base+0x1040, tbl)
	m.mem.write(d.base+0x1040+uint32(len(tbl)), buf)
}

// loadDLL returns the fake DLL for a module name, creating it.
func (m *Machine) loadDLL(name string) *dll {
	n := strings.ToLower(name)
	if i := strings.LastIndexAny(n, `\/`); i >= 0 {
		n = n[i+1:]
	}
	if n == "" {
		return nil
	}
	if !strings.Contains(n, ".") {
		n += ".dll"
	}
	if d := m.dlls[n]; d != nil {
		return d
	}
	return m.newDLL(n)
}

// dllAt returns the fake DLL whose base is h.
func (m *Machine) dllAt(h uint32) *dll {
	for _, d := range m.dllList {
		if d.base == h {
			return d
		}
	}
	return nil
}

// procAddress resolves a function by name or ordinal (name == "").
func (m *Machine) procAddress(d *dll, name string, ord uint32) uint32 {
	if name == "" {
		if a, ok := d.byOrd[ord]; ok {
			return a
		}
		name = "#" + itoa(ord)
	}
	if a, ok := d.byName[name]; ok {
		return a
	}
	return m.addStub(d, name)
}

func itoa(v uint32) string {
	var b [10]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	return string(b[i:])
}

// callAPI runs the function whose trap is at eip, as a stdcall function
// called with its return address on the stack.
func (m *Machine) callAPI(eip uint32) {
	if eip == m.sehReturn {
		m.handlerReturned()
		return
	}
	if eip == m.exitTrap {
		m.exited = true
		m.stop("the entry point returned")
		return
	}
	a := m.apis[eip]
	if a == nil {
		m.stop("jump into a system DLL at %#x", eip)
		return
	}
	if a.fn == nil {
		m.stop("call to unimplemented API %s!%s", a.dll.name, a.name)
		return
	}
	ret := m.mem.read32(m.r[rESP])
	args := make([]uint32, a.nargs)
	for i := range args {
		args[i] = m.mem.read32(m.r[rESP] + 4 + 4*uint32(i))
	}
	v := a.fn(m, args)
	if m.stopped {
		return
	}
	m.r[rEAX] = v
	m.r[rESP] += 4 + 4*uint32(a.nargs)
	m.eip = ret
}
