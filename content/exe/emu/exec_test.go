package emu

import (
	"context"
	"encoding/hex"
	"testing"
)

const (
	testCode = 0x401000 // where test instructions are placed
	testData = 0x402000 // a scratch page
)

// newTestMachine maps code at testCode, a data page and a stack, with no
// image or system DLLs.
func newTestMachine(t *testing.T, code []byte) *Machine {
	t.Helper()
	m := &Machine{dlls: map[string]*dll{}, apis: map[uint32]*api{}, trapLo: 0xffffffff,
		visited: map[int]bool{}, strings: map[string]uint32{}, tebAddr: tebBase}
	m.cpu.mem = &m.mem
	m.mem.reserve(testCode, pageSize)
	m.mem.reserve(testData, pageSize)
	m.mem.reserve(stackTop-stackSize, stackSize)
	m.mem.reserve(tebBase, pageSize)
	m.mem.write32(tebBase, chainEnd)
	m.mem.write(testCode, code)
	m.r[rESP] = stackTop - 0x100
	m.eip = testCode
	m.flags = 2
	m.mem.tracking = true
	return m
}

// runTo runs until eip reaches end (or a stop).
func runTo(m *Machine, end uint32) {
	for i := 0; i < 10000 && !m.stopped && m.eip != end; i++ {
		m.limit = m.steps + 1
		m.chunk(1)
	}
}

func TestInstructions(t *testing.T) {
	type regSet map[int]uint32
	tests := []struct {
		name      string
		code      string // hex
		regs      regSet
		flags     uint32 // initial flags
		want      regSet
		flagMask  uint32 // flags checked
		wantFlags uint32
		mem       map[uint32]byte // expected bytes at testData+offset
	}{
		{"add carry zero", "01d8", regSet{rEAX: 0xffffffff, rEBX: 1}, 0, regSet{rEAX: 0}, arithFlags, fCF | fZF | fAF | fPF, nil},
		{"add overflow byte", "0401", regSet{rEAX: 0x7f}, 0, regSet{rEAX: 0x80}, arithFlags, fOF | fSF | fAF, nil},
		{"sub borrow byte", "2c01", regSet{rEAX: 0x100}, 0, regSet{rEAX: 0x1ff}, arithFlags, fCF | fSF | fAF | fPF, nil},
		{"sbb with carry", "f983d800", regSet{rEAX: 0}, 0, regSet{rEAX: 0xffffffff}, fCF | fZF, fCF, nil},
		{"adc with carry", "f983d000", regSet{rEAX: 1}, 0, regSet{rEAX: 2}, fCF | fZF, 0, nil},
		{"inc keeps CF", "f940", regSet{rEAX: 0xffffffff}, 0, regSet{rEAX: 0}, fCF | fZF, fCF | fZF, nil},
		{"neg", "f7d8", regSet{rEAX: 1}, 0, regSet{rEAX: 0xffffffff}, fCF | fSF, fCF | fSF, nil},
		{"xor clears", "31c0", regSet{rEAX: 0x1234}, fCF | fOF, regSet{rEAX: 0}, arithFlags &^ fAF, fZF | fPF, nil},
		{"shl out", "d1e0", regSet{rEAX: 0x80000001}, 0, regSet{rEAX: 2}, fCF | fOF, fCF | fOF, nil},
		{"shr", "c1e804", regSet{rEAX: 0x18}, 0, regSet{rEAX: 1}, fCF, fCF, nil},
		{"sar", "c1f804", regSet{rEAX: 0x80000000}, 0, regSet{rEAX: 0xf8000000}, fSF, fSF, nil},
		{"rol", "c1c008", regSet{rEAX: 0x12345678}, 0, regSet{rEAX: 0x34567812}, fCF, 0, nil},
		{"ror", "c1c804", regSet{rEAX: 0x12345678}, 0, regSet{rEAX: 0x81234567}, fCF, fCF, nil},
		{"rcl through carry", "f9d0d0", regSet{rEAX: 0x80}, 0, regSet{rEAX: 0x01}, fCF | fOF, fCF | fOF, nil},
		{"rcr through carry", "f8d0d8", regSet{rEAX: 0x01}, 0, regSet{rEAX: 0}, fCF | fOF, fCF, nil},
		{"shld", "0fa4d004", regSet{rEAX: 0x12345678, rEDX: 0x9abcdef0}, 0, regSet{rEAX: 0x23456789}, fCF, fCF, nil},
		{"shrd", "0facd008", regSet{rEAX: 0x12345678, rEDX: 0x9abcdef0}, 0, regSet{rEAX: 0xf0123456}, fCF, 0, nil},
		{"mul", "f7e3", regSet{rEAX: 0x80000000, rEBX: 4}, 0, regSet{rEAX: 0, rEDX: 2}, fCF | fOF, fCF | fOF, nil},
		{"imul imm", "6bc3fe", regSet{rEBX: 3}, 0, regSet{rEAX: 0xfffffffa}, fCF | fOF, 0, nil},
		{"imul one operand", "f7eb", regSet{rEAX: 0xffffffff, rEBX: 2}, 0, regSet{rEAX: 0xfffffffe, rEDX: 0xffffffff}, fCF, 0, nil},
		{"div", "f7f3", regSet{rEAX: 100, rEDX: 0, rEBX: 7}, 0, regSet{rEAX: 14, rEDX: 2}, 0, 0, nil},
		{"idiv", "f7fb", regSet{rEAX: 0xffffff9c, rEDX: 0xffffffff, rEBX: 7}, 0, regSet{rEAX: 0xfffffff2, rEDX: 0xfffffffe}, 0, 0, nil},
		{"div byte", "f6f3", regSet{rEAX: 0x0107, rEBX: 2}, 0, regSet{rEAX: 0x0183}, 0, 0, nil},
		{"bt", "0fbae005", regSet{rEAX: 0x20}, 0, regSet{rEAX: 0x20}, fCF, fCF, nil},
		{"bts", "0fbae800", regSet{rEAX: 0}, 0, regSet{rEAX: 1}, fCF, 0, nil},
		{"bsr", "0fbdc3", regSet{rEBX: 0x00f00000}, 0, regSet{rEAX: 23}, fZF, 0, nil},
		{"bsf zero", "0fbcc3", regSet{rEAX: 9, rEBX: 0}, 0, regSet{rEAX: 9}, fZF, fZF, nil},
		{"bswap", "0fc8", regSet{rEAX: 0x11223344}, 0, regSet{rEAX: 0x44332211}, 0, 0, nil},
		{"xadd", "0fc1d8", regSet{rEAX: 1, rEBX: 2}, 0, regSet{rEAX: 3, rEBX: 1}, 0, 0, nil},
		{"cmpxchg equal", "0fb1d9", regSet{rEAX: 5, rECX: 5, rEBX: 9}, 0, regSet{rECX: 9, rEAX: 5}, fZF, fZF, nil},
		{"cmpxchg differ", "0fb1d9", regSet{rEAX: 4, rECX: 5, rEBX: 9}, 0, regSet{rECX: 5, rEAX: 5}, fZF, 0, nil},
		{"cdq", "99", regSet{rEAX: 0x80000000}, 0, regSet{rEDX: 0xffffffff}, 0, 0, nil},
		{"cwde", "98", regSet{rEAX: 0x8000}, 0, regSet{rEAX: 0xffff8000}, 0, 0, nil},
		{"setb", "f90f92c0", regSet{rEAX: 0}, 0, regSet{rEAX: 1}, 0, 0, nil},
		{"cmovne taken", "85c00f45c3", regSet{rEAX: 1, rEBX: 7}, 0, regSet{rEAX: 7}, 0, 0, nil},
		{"movsx", "0fbec3", regSet{rEBX: 0x80}, 0, regSet{rEAX: 0xffffff80}, 0, 0, nil},
		{"movzx", "0fb6c3", regSet{rEBX: 0x180}, 0, regSet{rEAX: 0x80}, 0, 0, nil},
		{"lea", "8d448b08", regSet{rEBX: 0x100, rECX: 2}, 0, regSet{rEAX: 0x110}, 0, 0, nil},
		{"loop", "b90300000040e2fd", regSet{rEAX: 0}, 0, regSet{rEAX: 3, rECX: 0}, 0, 0, nil},
		{"pushad popad", "6031c031db61", regSet{rEAX: 1, rEBX: 2}, 0, regSet{rEAX: 1, rEBX: 2}, 0, 0, nil},
		{"call ret", "e8010000009090", regSet{}, 0, regSet{}, 0, 0, nil}, // call skips one nop, lands on the second
		{"rep stosb", "f3aa", regSet{rEAX: 0xab, rECX: 4, rEDI: testData}, 0, regSet{rECX: 0, rEDI: testData + 4},
			0, 0, map[uint32]byte{0: 0xab, 3: 0xab, 4: 0}},
		{"rep movsd backwards", "fdf3a5fc", regSet{rECX: 2, rESI: testData + 4, rEDI: testData + 0x104}, 0,
			regSet{rECX: 0, rESI: testData - 4, rEDI: testData + 0xfc}, 0, 0, nil},
		{"repne scasb", "f2ae", regSet{rEAX: 0, rECX: 100, rEDI: testData + 0x10}, 0, regSet{rEDI: testData + 0x11, rECX: 99}, fZF, fZF, nil},
		{"sahf lahf", "b4d59e9f", regSet{}, 0, regSet{rEAX: 0xd700}, fCF | fZF | fSF, fCF | fZF | fSF, nil},
		{"xlat", "d7", regSet{rEBX: testData, rEAX: 0}, 0, regSet{rEAX: 0}, 0, 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, err := hex.DecodeString(tc.code)
			if err != nil {
				t.Fatal(err)
			}
			m := newTestMachine(t, code)
			for r, v := range tc.regs {
				m.r[r] = v
			}
			m.flags |= tc.flags
			end := testCode + uint32(len(code))
			if tc.name == "call ret" {
				end = testCode + 6
			}
			runTo(m, end)
			if m.stopped {
				t.Fatalf("stopped: %s", m.reason)
			}
			for r, v := range tc.want {
				if m.r[r] != v {
					t.Errorf("reg %d = %#x, want %#x", r, m.r[r], v)
				}
			}
			if got := m.flags & tc.flagMask; got != tc.wantFlags {
				t.Errorf("flags & %#x = %#x, want %#x", tc.flagMask, got, tc.wantFlags)
			}
			for off, b := range tc.mem {
				if got := m.mem.read8(testData + off); got != b {
					t.Errorf("byte at +%#x = %#x, want %#x", off, got, b)
				}
			}
		})
	}
}

func TestExceptions(t *testing.T) {
	tests := []struct {
		name string
		code string
		regs map[int]uint32
		want string // stop reason substring
	}{
		{"unmapped read, no handler", "8b00", map[int]uint32{rEAX: 0x10}, "unhandled exception"},
		{"divide by zero, no handler", "f7f3", map[int]uint32{rEBX: 0}, "unhandled exception"},
		{"unsupported instruction", "d9e8", nil, "unsupported instruction"}, // fld1
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _ := hex.DecodeString(tc.code)
			m := newTestMachine(t, code)
			for r, v := range tc.regs {
				m.r[r] = v
			}
			runTo(m, testCode+uint32(len(code)))
			if !m.stopped || !contains(m.reason, tc.want) {
				t.Fatalf("stopped %v (%q), want a stop saying %q", m.stopped, m.reason, tc.want)
			}
		})
	}
}

// TestSEH installs a handler that skips a faulting instruction by
// advancing the context's Eip, as packers do.
func TestSEH(t *testing.T) {
	// 0x401000: push handler; push fs:[0]; mov fs:[0], esp
	//           mov eax, [0]        ; faults
	//           mov ebx, 42          ; reached after the handler
	// handler:  mov eax, [esp+0xc]   ; context
	//           add dword [eax+0xb8], 2 ; skip the 2-byte faulting mov
	//           xor eax, eax; ret
	code := "681b104000" + "64ff3500000000" + "64892500000000" + "8b00" + "bb2a000000" + "90" +
		"8b44240c" + "8380b800000002" + "31c0" + "c3"
	b, _ := hex.DecodeString(code)
	m := newTestMachine(t, b)
	// The handler trap needs a dispatcher return address: use a fake DLL.
	m.nextDLL = dllTop
	nt := m.newDLL("ntdll.dll")
	m.sehReturn = m.addStub(nt, "KiUserExceptionDispatcher+0x10")
	m.r[rEAX] = 0
	m.fsBase = tebBase
	runTo(m, testCode+0x1a)
	if m.stopped {
		t.Fatalf("stopped: %s", m.reason)
	}
	if m.r[rEBX] != 42 {
		t.Fatalf("ebx = %d after the handler, want 42", m.r[rEBX])
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// TestBudget: an endless loop stops at the instruction limit.
func TestBudget(t *testing.T) {
	m := newTestMachine(t, []byte{0xeb, 0xfe}) // jmp $
	m.Run(context.Background(), 100_000)
	if !m.stopped || m.steps != 100_000 || !contains(m.reason, "instruction limit") {
		t.Fatalf("steps %d, reason %q", m.steps, m.reason)
	}
}
