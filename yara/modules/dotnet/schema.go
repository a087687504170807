// Package dotnet declares the schema of YARA's "dotnet" module: the CLI
// metadata of .NET assemblies (streams, GUIDs, resources, assembly and
// assembly references, user strings, classes and methods).
package dotnet

import . "github.com/overt-sec/overt/yara/types"

// Name is the module name used in `import "dotnet"`.
const Name = "dotnet"

// Schema is the declared schema of the dotnet module (YARA 4.5). Values
// the documentation calls boolean (is_dotnet, abstract, sealed …) are
// integers.
var Schema = NewStruct(Name,
	IntField("is_dotnet"),
	StringField("version"),
	StringField("module_name"),
	IntField("number_of_streams"),
	StructArrayField("streams",
		StringField("name"),
		IntField("offset"),
		IntField("size"),
	),
	IntField("number_of_guids"),
	ArrayField("guids", StringType),
	IntField("number_of_resources"),
	StructArrayField("resources",
		IntField("offset"),
		IntField("length"),
		StringField("name"),
	),
	StructField("assembly",
		assemblyVersion(),
		StringField("name"),
		StringField("culture"),
	),
	IntField("number_of_modulerefs"),
	ArrayField("modulerefs", StringType),
	StringField("typelib"),
	IntField("number_of_constants"),
	ArrayField("constants", StringType),
	IntField("number_of_assembly_refs"),
	StructArrayField("assembly_refs",
		assemblyVersion(),
		StringField("public_key_or_token"),
		StringField("name"),
	),
	IntField("number_of_user_strings"),
	ArrayField("user_strings", StringType),
	IntField("number_of_field_offsets"),
	ArrayField("field_offsets", IntegerType),
	IntField("number_of_classes").Added("4.3"),
	StructArrayField("classes",
		StringField("fullname"),
		StringField("name"),
		StringField("namespace"),
		StringField("visibility"),
		StringField("type"),
		IntField("abstract"),
		IntField("sealed"),
		IntField("number_of_generic_parameters"),
		ArrayField("generic_parameters", StringType),
		IntField("number_of_base_types"),
		ArrayField("base_types", StringType),
		IntField("number_of_methods"),
		StructArrayField("methods",
			ArrayField("generic_parameters", StringType),
			IntField("number_of_generic_parameters"),
			StructArrayField("parameters",
				StringField("name"),
				StringField("type"),
			),
			IntField("number_of_parameters"),
			StringField("return_type"),
			IntField("abstract"),
			IntField("final"),
			IntField("virtual"),
			IntField("static"),
			StringField("visibility"),
			StringField("name"),
		),
	).Added("4.3"),
)

// assemblyVersion is the four-part version of an assembly or reference.
func assemblyVersion() *Field {
	return StructField("version",
		IntField("major"),
		IntField("minor"),
		IntField("build_number"),
		IntField("revision_number"),
	)
}
