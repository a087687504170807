package emu

import "strings"

// The Windows API as the unpacking stubs see it: enough to load libraries,
// resolve functions, allocate and protect memory, and ask harmless
// questions. Everything else stops emulation (the stdcall argument count of
// an unknown function is unknown, so it cannot even be skipped).

// MaxAlloc caps one VirtualAlloc/HeapAlloc: stubs allocate room for an
// unpacked image, which MaxImageSize already bounds.
const MaxAlloc = 64 << 20

// maxName bounds the strings read from the program (module and function
// names, paths).
const maxName = 512

type impl struct {
	nargs int
	fn    func(m *Machine, a []uint32) uint32
}

// Values the fake process reports.
const (
	fakePID       = 0x4d8
	fakeTID       = 0x5f0
	fakeHeap      = 0x00140000
	winXPVersion  = 0x0a280105 // GetVersion of Windows XP SP2
	fakeTickCount = 0x0001e240
	pageRWX       = 0x40
	memCommit     = 0x1000
	invalidHandle = 0xffffffff
	selfHandle    = 0x7b4 // the program's own file, opened by name
)

// selfPath is the program's path as the fake process reports it.
const selfPath = `C:\sample.exe`

var apiImpls map[string]impl

func init() {
	ret := func(v uint32) func(*Machine, []uint32) uint32 {
		return func(*Machine, []uint32) uint32 { return v }
	}
	// allocArg allocates as many bytes as argument i says.
	allocArg := func(i int) func(*Machine, []uint32) uint32 {
		return func(m *Machine, a []uint32) uint32 { return m.alloc(0, a[i]) }
	}
	apiImpls = map[string]impl{
		"LoadLibraryA":   {1, func(m *Machine, a []uint32) uint32 { return m.moduleHandle(m.mem.cstring(a[0], maxName), true) }},
		"LoadLibraryW":   {1, func(m *Machine, a []uint32) uint32 { return m.moduleHandle(m.mem.wstring(a[0], maxName), true) }},
		"LoadLibraryExA": {3, func(m *Machine, a []uint32) uint32 { return m.moduleHandle(m.mem.cstring(a[0], maxName), true) }},
		"LoadLibraryExW": {3, func(m *Machine, a []uint32) uint32 { return m.moduleHandle(m.mem.wstring(a[0], maxName), true) }},
		"GetModuleHandleA": {1, func(m *Machine, a []uint32) uint32 {
			if a[0] == 0 {
				return m.base
			}
			return m.moduleHandle(m.mem.cstring(a[0], maxName), false)
		}},
		"GetModuleHandleW": {1, func(m *Machine, a []uint32) uint32 {
			if a[0] == 0 {
				return m.base
			}
			return m.moduleHandle(m.mem.wstring(a[0], maxName), false)
		}},
		"GetProcAddress": {2, func(m *Machine, a []uint32) uint32 {
			d := m.dllAt(a[0])
			if d == nil {
				if a[0] == m.base || a[0] == 0 {
					return 0
				}
				d = m.dlls["kernel32.dll"]
			}
			if a[1] < 0x10000 {
				return m.procAddress(d, "", a[1])
			}
			name := m.safeString(a[1])
			if !validName(name) {
				return 0 // as Windows: no such export
			}
			return m.procAddress(d, name, 0)
		}},
		"FreeLibrary": {1, ret(1)},
		"VirtualAlloc": {4, func(m *Machine, a []uint32) uint32 {
			return m.alloc(a[0], a[1])
		}},
		"VirtualFree": {3, ret(1)},
		"VirtualProtect": {4, func(m *Machine, a []uint32) uint32 {
			if a[3] != 0 {
				m.mem.write32(a[3], pageRWX)
			}
			return 1
		}},
		"VirtualQuery": {3, func(m *Machine, a []uint32) uint32 {
			if a[2] < 28 {
				return 0
			}
			base := a[0] &^ pageMask
			m.mem.write32(a[1], base)
			m.mem.write32(a[1]+4, base)
			m.mem.write32(a[1]+8, pageRWX)
			m.mem.write32(a[1]+12, pageSize)
			m.mem.write32(a[1]+16, memCommit)
			m.mem.write32(a[1]+20, pageRWX)
			m.mem.write32(a[1]+24, 0x1000000) // MEM_IMAGE
			return 28
		}},
		"ExitProcess": {1, func(m *Machine, a []uint32) uint32 {
			m.exited = true
			m.stop("ExitProcess(%d)", a[0])
			return 0
		}},
		"ExitThread": {1, func(m *Machine, a []uint32) uint32 {
			m.exited = true
			m.stop("ExitThread(%d)", a[0])
			return 0
		}},
		"TerminateProcess": {2, func(m *Machine, a []uint32) uint32 {
			m.exited = true
			m.stop("TerminateProcess(%d)", a[1])
			return 0
		}},
		"GetTickCount": {0, func(m *Machine, a []uint32) uint32 {
			return fakeTickCount + uint32(m.steps/10000)
		}},
		"GetVersion":          {0, ret(winXPVersion)},
		"IsDebuggerPresent":   {0, ret(0)},
		"GetCurrentProcess":   {0, ret(0xffffffff)},
		"GetCurrentThread":    {0, ret(0xfffffffe)},
		"GetCurrentProcessId": {0, ret(fakePID)},
		"GetCurrentThreadId":  {0, ret(fakeTID)},
		"GetLastError": {0, func(m *Machine, a []uint32) uint32 {
			return m.mem.read32(m.tebAddr + 0x34)
		}},
		"SetLastError": {1, func(m *Machine, a []uint32) uint32 {
			m.mem.write32(m.tebAddr+0x34, a[0])
			return 0
		}},
		"Sleep":                       {1, ret(0)},
		"CloseHandle":                 {1, ret(1)},
		"FlushInstructionCache":       {3, ret(1)},
		"SetErrorMode":                {1, ret(0)},
		"SetUnhandledExceptionFilter": {1, ret(0)},
		"OutputDebugStringA":          {1, ret(0)},
		"IsBadReadPtr": {2, func(m *Machine, a []uint32) uint32 {
			if m.mem.mapped(a[0]) {
				return 0
			}
			return 1
		}},
		"GetProcessHeap":  {0, ret(fakeHeap)},
		"HeapCreate":      {3, ret(fakeHeap)},
		"HeapAlloc":       {3, allocArg(2)},
		"RtlAllocateHeap": {3, allocArg(2)},
		"HeapFree":        {3, ret(1)},
		"RtlFreeHeap":     {3, ret(1)},
		"LocalAlloc":      {2, allocArg(1)},
		"GlobalAlloc":     {2, allocArg(1)},
		"LocalFree":       {1, ret(0)},
		"GlobalFree":      {1, ret(0)},
		"GetModuleFileNameA": {3, func(m *Machine, a []uint32) uint32 {
			return m.putString(a[1], a[2], selfPath, false)
		}},
		"GetModuleFileNameW": {3, func(m *Machine, a []uint32) uint32 {
			return m.putString(a[1], a[2], selfPath, true)
		}},
		"GetCommandLineA": {0, func(m *Machine, a []uint32) uint32 {
			return m.constString(`"` + selfPath + `"`)
		}},
		"GetStartupInfoA": {1, func(m *Machine, a []uint32) uint32 {
			m.mem.write(a[0], make([]byte, 68))
			m.mem.write32(a[0], 68)
			return 0
		}},
		"GetSystemTimeAsFileTime": {1, func(m *Machine, a []uint32) uint32 {
			m.mem.write32(a[0], 0xd53e8000)
			m.mem.write32(a[0]+4, 0x01c9c380)
			return 0
		}},
		"QueryPerformanceCounter": {1, func(m *Machine, a []uint32) uint32 {
			m.mem.write32(a[0], uint32(m.steps))
			m.mem.write32(a[0]+4, 0)
			return 1
		}},
		"lstrlenA": {1, func(m *Machine, a []uint32) uint32 {
			if a[0] == 0 {
				return 0
			}
			return uint32(len(m.mem.cstring(a[0], 1<<16)))
		}},
		"GetACP":      {0, ret(1252)},
		"CreateFileA": {7, func(m *Machine, a []uint32) uint32 { return m.openFile(m.safeString(a[0])) }},
		"CreateFileW": {7, func(m *Machine, a []uint32) uint32 {
			return m.openFile(m.mem.wstring(a[0], maxName))
		}},
		"GetFileSize": {2, func(m *Machine, a []uint32) uint32 {
			if a[0] != selfHandle {
				return invalidHandle
			}
			if a[1] != 0 {
				m.mem.write32(a[1], 0)
			}
			return uint32(m.file.Size)
		}},
		"SetFilePointer": {4, func(m *Machine, a []uint32) uint32 {
			if a[0] != selfHandle {
				return invalidHandle
			}
			var pos int64
			switch a[3] {
			case 0:
				pos = int64(int32(a[1]))
			case 1:
				pos = m.filePos + int64(int32(a[1]))
			case 2:
				pos = m.file.Size + int64(int32(a[1]))
			}
			m.filePos = max(0, min(pos, m.file.Size))
			return uint32(m.filePos)
		}},
		"ReadFile": {5, func(m *Machine, a []uint32) uint32 {
			if a[0] != selfHandle {
				return 0
			}
			n := min(int64(a[2]), m.file.Size-m.filePos, MaxAlloc)
			buf := make([]byte, max(n, 0))
			got, _ := m.file.R.ReadAt(buf, m.filePos)
			m.mem.write(a[1], buf[:got])
			m.filePos += int64(got)
			if a[3] != 0 {
				m.mem.write32(a[3], uint32(got))
			}
			return 1
		}},
		"RtlUnwind":                 {4, ret(0)},
		"ZwQueryInformationProcess": {5, ret(0xC0000001)},
		"NtQueryInformationProcess": {5, ret(0xC0000001)},
	}
}

// moduleHandle returns the base of a fake DLL (creating it when load is
// set or the name is a system DLL).
func (m *Machine) moduleHandle(name string, load bool) uint32 {
	if name == "" {
		return 0
	}
	d := m.loadDLL(name)
	if d == nil {
		return 0
	}
	return d.base
}

// alloc reserves size bytes of fresh memory (at want when that is free)
// and returns its address, or 0.
func (m *Machine) alloc(want, size uint32) uint32 {
	if size == 0 || size > MaxAlloc {
		return 0
	}
	size = (size + pageMask) &^ pageMask
	if want != 0 {
		want &^= pageMask
		if m.mem.free(want, size) {
			m.mem.reserve(want, size)
			return want
		}
		if m.mem.mapped(want) && uint64(want)+uint64(size) <= uint64(m.base)+uint64(m.size) && want >= m.base {
			return want // committing part of the image
		}
	}
	for tries := 0; tries < 4096; tries++ {
		a := m.allocNext
		m.allocNext += size + pageSize
		if uint64(a)+uint64(size) >= uint64(m.nextDLL) {
			return 0
		}
		if m.mem.free(a, size) {
			m.mem.reserve(a, size)
			return a
		}
	}
	return 0
}

// putString writes s (NUL-terminated, truncated to n characters) at a and
// returns its length.
func (m *Machine) putString(a, n uint32, s string, wide bool) uint32 {
	if n == 0 {
		return 0
	}
	if uint32(len(s)) >= n {
		s = s[:n-1]
	}
	for i := 0; i <= len(s); i++ {
		c := byte(0)
		if i < len(s) {
			c = s[i]
		}
		if wide {
			m.mem.write16(a+2*uint32(i), uint16(c))
		} else {
			m.mem.write8(a+uint32(i), c)
		}
	}
	return uint32(len(s))
}

// constString returns the address of a NUL-terminated copy of s in
// process memory, allocated once.
func (m *Machine) constString(s string) uint32 {
	if a, ok := m.strings[s]; ok {
		return a
	}
	a := m.alloc(0, uint32(len(s)+1))
	if a != 0 {
		m.mem.write(a, append([]byte(s), 0))
	}
	m.strings[s] = a
	return a
}

// validName reports whether s can be an exported function name: stubs
// probe GetProcAddress with garbage and rely on its failure.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_@?$.#", c) >= 0) {
			return false
		}
	}
	return true
}

// openFile opens the program's own file (the only file there is) by the
// name GetModuleFileName gave.
func (m *Machine) openFile(name string) uint32 {
	if !strings.EqualFold(name, selfPath) {
		m.mem.write32(m.tebAddr+0x34, 2) // ERROR_FILE_NOT_FOUND
		return invalidHandle
	}
	m.filePos = 0
	return selfHandle
}
