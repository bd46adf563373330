package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/go-playground/validator/v10"

	"igmc/indicators"
)

var validate = func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		return name
	})
	// max<kind> (maxcomment, maxname, …) is the domain's limit for that
	// kind of field, so the API and the imports cannot drift apart.
	for kind, n := range indicators.TextLimits {
		v.RegisterAlias("max"+kind, "max="+strconv.Itoa(n))
	}
	return v
}()

// maxJSONBody caps a JSON request body.
const maxJSONBody = 1 << 20

// bindJSON decodes the body into dst and checks its validate tags. Errors
// come back as field errors named after the JSON fields, in plain words,
// never the validator's own text. The body must be one JSON value and
// nothing after it; every string in it must be storable text and every
// number one that ParseNumber reads (see checkJSONValues).
func bindJSON(c *gin.Context, dst any) error { return bindJSONLimit(c, dst, maxJSONBody) }

// bindJSONLimit is bindJSON with a body of at most limit bytes.
func bindJSONLimit(c *gin.Context, dst any, limit int64) error {
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return bad("the request body is larger than %d bytes", limit)
		}
		return bad("the request body cannot be read")
	}
	if err := checkJSONValues(body); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &te):
			return indicators.FieldsError("the request body is not valid", []indicators.FieldError{{Field: te.Field, Code: "wrong_type", Message: fmt.Sprintf("%s must be a %s", te.Field, jsonKind(te.Type))}})
		case errors.Is(err, io.EOF):
			return bad("the request body is empty: a JSON object is expected")
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return indicators.FieldsError("the request body is not valid", []indicators.FieldError{{Field: indicators.Excerpt(name), Code: "unknown_field", Message: fmt.Sprintf("unknown field %q", indicators.Excerpt(name))}})
		}
		return bad("the request body is not valid JSON")
	}
	if _, err := dec.Token(); err != io.EOF {
		return bad("unexpected data after the JSON object")
	}
	return checkStruct(dst)
}

func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Float32, reflect.Float64, reflect.Int, reflect.Int64, reflect.Int32:
		return "number"
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice:
		return "list"
	}
	return "an object"
}

func checkStruct(v any) error {
	err := validate.Struct(v)
	if err == nil {
		return nil
	}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		return err
	}
	fields := make([]indicators.FieldError, 0, len(ves))
	for _, fe := range ves {
		name := fe.Field()
		fields = append(fields, indicators.FieldError{Field: name, Code: fe.ActualTag(), Message: fieldMessage(name, fe), Args: fieldArgs(fe)})
	}
	return indicators.FieldsError("the request body is not valid", fields)
}

// fieldArgs are the named values of a validator refusal, for the
// messages in the reader's language: the limit of max, min and gt, the
// choices of oneof.
func fieldArgs(fe validator.FieldError) map[string]string {
	switch fe.ActualTag() {
	case "max", "min", "gt":
		return map[string]string{"limit": fe.Param()}
	case "oneof":
		return map[string]string{"expected": strings.ReplaceAll(fe.Param(), " ", ", ")}
	}
	return nil
}

func fieldMessage(name string, fe validator.FieldError) string {
	switch fe.ActualTag() {
	case "required":
		return name + " is required"
	case "max":
		return fmt.Sprintf("%s must be at most %s characters", name, fe.Param())
	case "min":
		return fmt.Sprintf("%s must be at least %s", name, fe.Param())
	case "oneof":
		return fmt.Sprintf("%s must be one of %s", name, strings.ReplaceAll(fe.Param(), " ", ", "))
	case "gt":
		return fmt.Sprintf("%s must be greater than %s", name, fe.Param())
	}
	return name + " is not valid"
}
