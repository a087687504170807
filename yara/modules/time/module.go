package time

import (
	"github.com/overt-sec/overt/yara/modules/object"
)

// Module is the run-time time module; now() reads Env's clock.
var Module = &object.Module{Name: Name, Schema: Schema, Load: load}

func load(*object.LoadInput) (*object.Value, error) {
	root := object.NewStruct(Schema)
	root.SetFunc(Schema, "now", func(env *object.Env, _ *object.Value, _ []object.Arg) object.Result {
		return object.IntResult(env.Time().Unix())
	})
	return root, nil
}
