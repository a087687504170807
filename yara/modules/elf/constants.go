package elf

import . "github.com/overt-sec/overt/yara/types"

// constants lists every constant of the elf module.
func constants() []*Field {
	return []*Field{
		// e_type.
		ConstInt("ET_NONE", 0),
		ConstInt("ET_REL", 1),
		ConstInt("ET_EXEC", 2),
		ConstInt("ET_DYN", 3),
		ConstInt("ET_CORE", 4),

		// e_machine.
		ConstInt("EM_NONE", 0),
		ConstInt("EM_M32", 1),
		ConstInt("EM_SPARC", 2),
		ConstInt("EM_386", 3),
		ConstInt("EM_68K", 4),
		ConstInt("EM_88K", 5),
		ConstInt("EM_860", 7),
		ConstInt("EM_MIPS", 8),
		ConstInt("EM_MIPS_RS3_LE", 10),
		ConstInt("EM_PPC", 20),
		ConstInt("EM_PPC64", 21),
		ConstInt("EM_ARM", 40),
		ConstInt("EM_X86_64", 62),
		ConstInt("EM_AARCH64", 183),

		// sh_type.
		ConstInt("SHT_NULL", 0),
		ConstInt("SHT_PROGBITS", 1),
		ConstInt("SHT_SYMTAB", 2),
		ConstInt("SHT_STRTAB", 3),
		ConstInt("SHT_RELA", 4),
		ConstInt("SHT_HASH", 5),
		ConstInt("SHT_DYNAMIC", 6),
		ConstInt("SHT_NOTE", 7),
		ConstInt("SHT_NOBITS", 8),
		ConstInt("SHT_REL", 9),
		ConstInt("SHT_SHLIB", 10),
		ConstInt("SHT_DYNSYM", 11),

		// sh_flags.
		ConstInt("SHF_WRITE", 0x1),
		ConstInt("SHF_ALLOC", 0x2),
		ConstInt("SHF_EXECINSTR", 0x4),

		// p_type.
		ConstInt("PT_NULL", 0),
		ConstInt("PT_LOAD", 1),
		ConstInt("PT_DYNAMIC", 2),
		ConstInt("PT_INTERP", 3),
		ConstInt("PT_NOTE", 4),
		ConstInt("PT_SHLIB", 5),
		ConstInt("PT_PHDR", 6),
		ConstInt("PT_TLS", 7),
		ConstInt("PT_GNU_EH_FRAME", 0x6474e550),
		ConstInt("PT_GNU_STACK", 0x6474e551),
		ConstInt("PT_LOPROC", 0x70000000).Added("4.3"),
		ConstInt("PT_HIPROC", 0x7fffffff).Added("4.3"),

		// d_tag.
		ConstInt("DT_NULL", 0),
		ConstInt("DT_NEEDED", 1),
		ConstInt("DT_PLTRELSZ", 2),
		ConstInt("DT_PLTGOT", 3),
		ConstInt("DT_HASH", 4),
		ConstInt("DT_STRTAB", 5),
		ConstInt("DT_SYMTAB", 6),
		ConstInt("DT_RELA", 7),
		ConstInt("DT_RELASZ", 8),
		ConstInt("DT_RELAENT", 9),
		ConstInt("DT_STRSZ", 10),
		ConstInt("DT_SYMENT", 11),
		ConstInt("DT_INIT", 12),
		ConstInt("DT_FINI", 13),
		ConstInt("DT_SONAME", 14),
		ConstInt("DT_RPATH", 15),
		ConstInt("DT_SYMBOLIC", 16),
		ConstInt("DT_REL", 17),
		ConstInt("DT_RELSZ", 18),
		ConstInt("DT_RELENT", 19),
		ConstInt("DT_PLTREL", 20),
		ConstInt("DT_DEBUG", 21),
		ConstInt("DT_TEXTREL", 22),
		ConstInt("DT_JMPREL", 23),
		ConstInt("DT_BIND_NOW", 24),
		ConstInt("DT_INIT_ARRAY", 25),
		ConstInt("DT_FINI_ARRAY", 26),
		ConstInt("DT_INIT_ARRAYSZ", 27),
		ConstInt("DT_FINI_ARRAYSZ", 28),
		ConstInt("DT_RUNPATH", 29),
		ConstInt("DT_FLAGS", 30),
		ConstInt("DT_ENCODING", 32),

		// st_info type.
		ConstInt("STT_NOTYPE", 0),
		ConstInt("STT_OBJECT", 1),
		ConstInt("STT_FUNC", 2),
		ConstInt("STT_SECTION", 3),
		ConstInt("STT_FILE", 4),
		ConstInt("STT_COMMON", 5),
		ConstInt("STT_TLS", 6),

		// st_info binding.
		ConstInt("STB_LOCAL", 0),
		ConstInt("STB_GLOBAL", 1),
		ConstInt("STB_WEAK", 2),

		// p_flags.
		ConstInt("PF_X", 0x1),
		ConstInt("PF_W", 0x2),
		ConstInt("PF_R", 0x4),
	}
}
