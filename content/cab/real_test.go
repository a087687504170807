package cab

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/internal/ctest"
)

// installShieldCab returns the LZX cabinet inside clamav-testfiles'
// clam_IScab_int.exe; it skips the test when the file is missing or not
// the expected one.
func installShieldCab(t testing.TB) []byte {
	t.Helper()
	exe := ctest.ReadClamAV(t, "clam_IScab_int.exe")
	const at = 471993
	if len(exe) < at+4 || string(exe[at:at+4]) != "MSCF" {
		t.Skip("not the expected clam_IScab_int.exe")
	}
	return exe[at:]
}

// TestInstallShieldLZX decodes a real LZX cabinet (2 MiB window, E8
// translation): the one inside clamav-testfiles' clam_IScab_int.exe.
// The digests are those of cabextract's output.
func TestInstallShieldLZX(t *testing.T) {
	data := installShieldCab(t)
	want := map[string]string{
		"DotNetInstaller.exe": "201b7ac5dc35f03b051bf7b599eb35bce96b24b468d347854038d6a01b452725",
		"IKernel.dll":         "8f137730eb7330b72ade6b67d6c4b3d6793280423a4e29c53973662a95fa24ba",
		"ISBEW64.exe":         "adea1d354a2f12deff495e62efdcd7b61238835d122770262603222d361ea5e7",
		"ISBEW64.rgs":         "71c8aa4b1f659ad0386d9e930d06810d18a36bcc2c3fbb972bf9862f5f874174",
		"ISBEW64A.exe":        "0500fed441b3c2eab4492b2774daa1db751cddda3ef9b4d881cbd025af9ea7fd",
		"ISProBE9x.tlb":       "a6ed9effa544886941ac2977eb843b0136123fa06f415d4bfae840a561aa6c28",
		"ISProBENT.tlb":       "38b3d8a37e89e8899be78f7787aa2f0ced65c77772689c11115146c8f6654167",
		"IScript.dll":         "e554dfbd961b65bc95250a3be7f6829c42880a4d6e320720750fe9bb68b04321",
		"IUser.dll":           "1624f26f935ba6def4b42642b1e93aa2688d9b5af7f13f593d68ebb33b8f4660",
		"IsBEW64.tlb":         "161b807b4cbdb43aa1b6895ee47024d68ff0798cf670f440a551b2329f3e62d1",
		"ctor.dll":            "027c07b861ed408c7bfe6cdd5c26c2440b1b8e9028bf28062257cd08bd2130b9",
		"iKernel.rgs":         "0ef5df8055b373cca9e9ebacc880a01cee19ba0e069cfb95f0f2865c2951e5b2",
		"objectps.dll":        "c641579c2686999689df03cd5b8e79c25ed11c0dceb2ecb4c5a03eaa7e25b52d",
	}
	got, evs := extract(t, data, content.Limits{})
	if len(evs) != 0 {
		t.Errorf("events:\n%s", ctest.EventString(evs))
	}
	seen := 0
	for _, g := range got {
		name, data, _ := strings.Cut(g, "=")
		sum := sha256.Sum256([]byte(data))
		if w, ok := want[name]; !ok || hex.EncodeToString(sum[:]) != w {
			t.Errorf("%s: %d bytes, sha256 %x", name, len(data), sum)
		}
		seen++
	}
	if seen != len(want) {
		t.Errorf("%d files, want %d", seen, len(want))
	}
}
