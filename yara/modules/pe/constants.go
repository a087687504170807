package pe

import . "github.com/overt-sec/overt/yara/types"

// machineConstants are the values of the FileHeader Machine field.
var machineConstants = []*Field{
	ConstInt("MACHINE_UNKNOWN", 0x0),
	ConstInt("MACHINE_AM33", 0x1d3),
	ConstInt("MACHINE_AMD64", 0x8664),
	ConstInt("MACHINE_ARM", 0x1c0),
	ConstInt("MACHINE_ARMNT", 0x1c4),
	ConstInt("MACHINE_ARM64", 0xaa64),
	ConstInt("MACHINE_EBC", 0xebc),
	ConstInt("MACHINE_I386", 0x14c),
	ConstInt("MACHINE_IA64", 0x200),
	ConstInt("MACHINE_M32R", 0x9041),
	ConstInt("MACHINE_MIPS16", 0x266),
	ConstInt("MACHINE_MIPSFPU", 0x366),
	ConstInt("MACHINE_MIPSFPU16", 0x466),
	ConstInt("MACHINE_POWERPC", 0x1f0),
	ConstInt("MACHINE_POWERPCFP", 0x1f1),
	ConstInt("MACHINE_R4000", 0x166),
	ConstInt("MACHINE_SH3", 0x1a2),
	ConstInt("MACHINE_SH3DSP", 0x1a3),
	ConstInt("MACHINE_SH4", 0x1a6),
	ConstInt("MACHINE_SH5", 0x1a8),
	ConstInt("MACHINE_THUMB", 0x1c2),
	ConstInt("MACHINE_WCEMIPSV2", 0x169),
	ConstInt("MACHINE_TARGET_HOST", 0x1),
	ConstInt("MACHINE_R3000", 0x162),
	ConstInt("MACHINE_R10000", 0x168),
	ConstInt("MACHINE_ALPHA", 0x184),
	ConstInt("MACHINE_SH3E", 0x1a4),
	ConstInt("MACHINE_ALPHA64", 0x284),
	ConstInt("MACHINE_AXP64", 0x284),
	ConstInt("MACHINE_TRICORE", 0x520),
	ConstInt("MACHINE_CEF", 0xcef),
	ConstInt("MACHINE_CEE", 0xc0ee),
}

// subsystemConstants are the values of the OptionalHeader Subsystem field.
var subsystemConstants = []*Field{
	ConstInt("SUBSYSTEM_UNKNOWN", 0),
	ConstInt("SUBSYSTEM_NATIVE", 1),
	ConstInt("SUBSYSTEM_WINDOWS_GUI", 2),
	ConstInt("SUBSYSTEM_WINDOWS_CUI", 3),
	ConstInt("SUBSYSTEM_OS2_CUI", 5),
	ConstInt("SUBSYSTEM_POSIX_CUI", 7),
	ConstInt("SUBSYSTEM_NATIVE_WINDOWS", 8),
	ConstInt("SUBSYSTEM_WINDOWS_CE_GUI", 9),
	ConstInt("SUBSYSTEM_EFI_APPLICATION", 10),
	ConstInt("SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER", 11),
	ConstInt("SUBSYSTEM_EFI_RUNTIME_DRIVER", 12),
	ConstInt("SUBSYSTEM_EFI_ROM_IMAGE", 13),
	ConstInt("SUBSYSTEM_XBOX", 14),
	ConstInt("SUBSYSTEM_WINDOWS_BOOT_APPLICATION", 16),
}

// dllCharacteristicsConstants are the bits of OptionalHeader DllCharacteristics.
var dllCharacteristicsConstants = []*Field{
	ConstInt("HIGH_ENTROPY_VA", 0x20),
	ConstInt("DYNAMIC_BASE", 0x40),
	ConstInt("FORCE_INTEGRITY", 0x80),
	ConstInt("NX_COMPAT", 0x100),
	ConstInt("NO_ISOLATION", 0x200),
	ConstInt("NO_SEH", 0x400),
	ConstInt("NO_BIND", 0x800),
	ConstInt("APPCONTAINER", 0x1000),
	ConstInt("WDM_DRIVER", 0x2000),
	ConstInt("GUARD_CF", 0x4000),
	ConstInt("TERMINAL_SERVER_AWARE", 0x8000),
}

// characteristicsConstants are the bits of FileHeader Characteristics.
var characteristicsConstants = []*Field{
	ConstInt("RELOCS_STRIPPED", 0x1),
	ConstInt("EXECUTABLE_IMAGE", 0x2),
	ConstInt("LINE_NUMS_STRIPPED", 0x4),
	ConstInt("LOCAL_SYMS_STRIPPED", 0x8),
	ConstInt("AGGRESIVE_WS_TRIM", 0x10),
	ConstInt("LARGE_ADDRESS_AWARE", 0x20),
	ConstInt("BYTES_REVERSED_LO", 0x80),
	ConstInt("MACHINE_32BIT", 0x100),
	ConstInt("DEBUG_STRIPPED", 0x200),
	ConstInt("REMOVABLE_RUN_FROM_SWAP", 0x400),
	ConstInt("NET_RUN_FROM_SWAP", 0x800),
	ConstInt("SYSTEM", 0x1000),
	ConstInt("DLL", 0x2000),
	ConstInt("UP_SYSTEM_ONLY", 0x4000),
	ConstInt("BYTES_REVERSED_HI", 0x8000),
}

// directoryConstants index pe.data_directories.
var directoryConstants = []*Field{
	ConstInt("IMAGE_DIRECTORY_ENTRY_EXPORT", 0),
	ConstInt("IMAGE_DIRECTORY_ENTRY_IMPORT", 1),
	ConstInt("IMAGE_DIRECTORY_ENTRY_RESOURCE", 2),
	ConstInt("IMAGE_DIRECTORY_ENTRY_EXCEPTION", 3),
	ConstInt("IMAGE_DIRECTORY_ENTRY_SECURITY", 4),
	ConstInt("IMAGE_DIRECTORY_ENTRY_BASERELOC", 5),
	ConstInt("IMAGE_DIRECTORY_ENTRY_DEBUG", 6),
	ConstInt("IMAGE_DIRECTORY_ENTRY_ARCHITECTURE", 7),
	ConstInt("IMAGE_DIRECTORY_ENTRY_COPYRIGHT", 7),
	ConstInt("IMAGE_DIRECTORY_ENTRY_GLOBALPTR", 8),
	ConstInt("IMAGE_DIRECTORY_ENTRY_TLS", 9),
	ConstInt("IMAGE_DIRECTORY_ENTRY_LOAD_CONFIG", 10),
	ConstInt("IMAGE_DIRECTORY_ENTRY_BOUND_IMPORT", 11),
	ConstInt("IMAGE_DIRECTORY_ENTRY_IAT", 12),
	ConstInt("IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT", 13),
	ConstInt("IMAGE_DIRECTORY_ENTRY_COM_DESCRIPTOR", 14),
}

// optionalHeaderMagicConstants are the values of pe.opthdr_magic.
var optionalHeaderMagicConstants = []*Field{
	ConstInt("IMAGE_NT_OPTIONAL_HDR32_MAGIC", 0x10b),
	ConstInt("IMAGE_NT_OPTIONAL_HDR64_MAGIC", 0x20b),
	ConstInt("IMAGE_ROM_OPTIONAL_HDR_MAGIC", 0x107),
}

// sectionConstants are the bits of a section's characteristics.
var sectionConstants = []*Field{
	ConstInt("SECTION_NO_PAD", 0x8),
	ConstInt("SECTION_CNT_CODE", 0x20),
	ConstInt("SECTION_CNT_INITIALIZED_DATA", 0x40),
	ConstInt("SECTION_CNT_UNINITIALIZED_DATA", 0x80),
	ConstInt("SECTION_LNK_OTHER", 0x100),
	ConstInt("SECTION_LNK_INFO", 0x200),
	ConstInt("SECTION_LNK_REMOVE", 0x800),
	ConstInt("SECTION_LNK_COMDAT", 0x1000),
	ConstInt("SECTION_NO_DEFER_SPEC_EXC", 0x4000),
	ConstInt("SECTION_GPREL", 0x8000),
	ConstInt("SECTION_MEM_FARDATA", 0x8000),
	ConstInt("SECTION_MEM_PURGEABLE", 0x20000),
	ConstInt("SECTION_MEM_16BIT", 0x20000),
	ConstInt("SECTION_MEM_LOCKED", 0x40000),
	ConstInt("SECTION_MEM_PRELOAD", 0x80000),
	ConstInt("SECTION_ALIGN_1BYTES", 0x100000),
	ConstInt("SECTION_ALIGN_2BYTES", 0x200000),
	ConstInt("SECTION_ALIGN_4BYTES", 0x300000),
	ConstInt("SECTION_ALIGN_8BYTES", 0x400000),
	ConstInt("SECTION_ALIGN_16BYTES", 0x500000),
	ConstInt("SECTION_ALIGN_32BYTES", 0x600000),
	ConstInt("SECTION_ALIGN_64BYTES", 0x700000),
	ConstInt("SECTION_ALIGN_128BYTES", 0x800000),
	ConstInt("SECTION_ALIGN_256BYTES", 0x900000),
	ConstInt("SECTION_ALIGN_512BYTES", 0xa00000),
	ConstInt("SECTION_ALIGN_1024BYTES", 0xb00000),
	ConstInt("SECTION_ALIGN_2048BYTES", 0xc00000),
	ConstInt("SECTION_ALIGN_4096BYTES", 0xd00000),
	ConstInt("SECTION_ALIGN_8192BYTES", 0xe00000),
	ConstInt("SECTION_ALIGN_MASK", 0xf00000),
	ConstInt("SECTION_LNK_NRELOC_OVFL", 0x1000000),
	ConstInt("SECTION_MEM_DISCARDABLE", 0x2000000),
	ConstInt("SECTION_MEM_NOT_CACHED", 0x4000000),
	ConstInt("SECTION_MEM_NOT_PAGED", 0x8000000),
	ConstInt("SECTION_MEM_SHARED", 0x10000000),
	ConstInt("SECTION_MEM_EXECUTE", 0x20000000),
	ConstInt("SECTION_MEM_READ", 0x40000000),
	ConstInt("SECTION_MEM_WRITE", 0x80000000),
	ConstInt("SECTION_SCALE_INDEX", 0x1),
}

// resourceTypeConstants are the values of a resource's type.
var resourceTypeConstants = []*Field{
	ConstInt("RESOURCE_TYPE_CURSOR", 1),
	ConstInt("RESOURCE_TYPE_BITMAP", 2),
	ConstInt("RESOURCE_TYPE_ICON", 3),
	ConstInt("RESOURCE_TYPE_MENU", 4),
	ConstInt("RESOURCE_TYPE_DIALOG", 5),
	ConstInt("RESOURCE_TYPE_STRING", 6),
	ConstInt("RESOURCE_TYPE_FONTDIR", 7),
	ConstInt("RESOURCE_TYPE_FONT", 8),
	ConstInt("RESOURCE_TYPE_ACCELERATOR", 9),
	ConstInt("RESOURCE_TYPE_RCDATA", 10),
	ConstInt("RESOURCE_TYPE_MESSAGETABLE", 11),
	ConstInt("RESOURCE_TYPE_GROUP_CURSOR", 12),
	ConstInt("RESOURCE_TYPE_GROUP_ICON", 14),
	ConstInt("RESOURCE_TYPE_VERSION", 16),
	ConstInt("RESOURCE_TYPE_DLGINCLUDE", 17),
	ConstInt("RESOURCE_TYPE_PLUGPLAY", 19),
	ConstInt("RESOURCE_TYPE_VXD", 20),
	ConstInt("RESOURCE_TYPE_ANICURSOR", 21),
	ConstInt("RESOURCE_TYPE_ANIICON", 22),
	ConstInt("RESOURCE_TYPE_HTML", 23),
	ConstInt("RESOURCE_TYPE_MANIFEST", 24),
}

// debugTypeConstants are the values of IMAGE_DEBUG_DIRECTORY Type.
var debugTypeConstants = []*Field{
	ConstInt("IMAGE_DEBUG_TYPE_UNKNOWN", 0),
	ConstInt("IMAGE_DEBUG_TYPE_COFF", 1),
	ConstInt("IMAGE_DEBUG_TYPE_CODEVIEW", 2),
	ConstInt("IMAGE_DEBUG_TYPE_FPO", 3),
	ConstInt("IMAGE_DEBUG_TYPE_MISC", 4),
	ConstInt("IMAGE_DEBUG_TYPE_EXCEPTION", 5),
	ConstInt("IMAGE_DEBUG_TYPE_FIXUP", 6),
	ConstInt("IMAGE_DEBUG_TYPE_OMAP_TO_SRC", 7),
	ConstInt("IMAGE_DEBUG_TYPE_OMAP_FROM_SRC", 8),
	ConstInt("IMAGE_DEBUG_TYPE_BORLAND", 9),
	ConstInt("IMAGE_DEBUG_TYPE_RESERVED10", 10),
	ConstInt("IMAGE_DEBUG_TYPE_CLSID", 11),
	ConstInt("IMAGE_DEBUG_TYPE_VC_FEATURE", 12),
	ConstInt("IMAGE_DEBUG_TYPE_POGO", 13),
	ConstInt("IMAGE_DEBUG_TYPE_ILTCG", 14),
	ConstInt("IMAGE_DEBUG_TYPE_MPX", 15),
	ConstInt("IMAGE_DEBUG_TYPE_REPRO", 16),
}

// importFlagConstants select the import kinds searched by pe.imports with
// a leading flags argument.
var importFlagConstants = []*Field{
	ConstInt("IMPORT_STANDARD", 1),
	ConstInt("IMPORT_DELAYED", 2),
	ConstInt("IMPORT_ANY", -1),
}

// constants lists every constant of the pe module.
func constants() []*Field {
	var all []*Field
	for _, group := range [][]*Field{
		machineConstants, subsystemConstants, dllCharacteristicsConstants,
		characteristicsConstants, directoryConstants, optionalHeaderMagicConstants,
		sectionConstants, resourceTypeConstants, debugTypeConstants, importFlagConstants,
	} {
		all = append(all, group...)
	}
	return all
}
