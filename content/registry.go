package content

import (
	"sort"
	"sync"
)

// Priorities for RegisterPriority: lower runs first. Formats that are a
// special case of another (an OOXML document is a zip, a self-extracting
// archive is a PE) register ahead of the general one.
const (
	// PriorityDocument is for document formats built on an archive format.
	PriorityDocument = 50
	// PriorityDefault is what Register uses.
	PriorityDefault = 100
	// PriorityFallback is for sniffers that guess from weak evidence (a
	// file name extension, a magic number far from the start).
	PriorityFallback = 200
)

type registered struct {
	prio int
	seq  int
	s    Sniffer
}

var (
	regMu      sync.RWMutex
	registry   []registered
	registrySn []Sniffer // sorted view, rebuilt on Register
)

// Register adds a Sniffer to the registry consulted by Sniff, at
// PriorityDefault. Format packages call it from init; package content/all
// imports every format package so that importing it registers them all.
func Register(s Sniffer) { RegisterPriority(PriorityDefault, s) }

// RegisterPriority adds a Sniffer consulted before every sniffer of a
// higher priority number; sniffers of equal priority run in registration
// order.
func RegisterPriority(prio int, s Sniffer) {
	regMu.Lock()
	defer regMu.Unlock()
	registry = append(registry, registered{prio: prio, seq: len(registry), s: s})
	sort.SliceStable(registry, func(i, j int) bool {
		if registry[i].prio != registry[j].prio {
			return registry[i].prio < registry[j].prio
		}
		return registry[i].seq < registry[j].seq
	})
	registrySn = make([]Sniffer, len(registry))
	for i, r := range registry {
		registrySn[i] = r.s
	}
}

// Sniff asks every registered Sniffer, in priority order, and returns the
// first extractor found, or nil. It is a Sniffer itself: use it as
// Walker.Sniff.
func Sniff(head []byte, name string) Extractor {
	regMu.RLock()
	list := registrySn
	regMu.RUnlock()
	for _, s := range list {
		if e := s(head, name); e != nil {
			return e
		}
	}
	return nil
}
