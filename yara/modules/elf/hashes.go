package elf

import "github.com/overt-sec/overt/yara/modules/object"

// telfhash is undefined: YARA 4.3's TLSH-based telfhash is not implemented.
func (f *File) telfhash() object.Result { return object.Undefined }

// importMD5 is undefined until implemented.
func (f *File) importMD5() object.Result { return object.Undefined }
