package options

import (
	"errors"
	"strconv"

	"github.com/valkite/valkite/go/constants"
)

// Field is one field of an FT.CREATE schema: a *TextField, *TagField,
// *NumericField, *VectorFieldFlat or *VectorFieldHNSW.
type Field interface {
	ToArgs() ([]string, error)
}

// baseField holds what every schema field has.
type baseField struct {
	Name     string // the hash field, or a JSON path
	Alias    string // the name queries use; empty = Name
	Sortable bool
}

func (f *baseField) baseArgs(fieldType string) []string {
	args := []string{f.Name}
	if f.Alias != "" {
		args = append(args, "AS", f.Alias)
	}
	return append(args, fieldType)
}

func (f *baseField) sortableArgs(args []string) []string {
	return appendFlag(args, f.Sortable, "SORTABLE")
}

// TextField is a full-text field.
type TextField struct {
	baseField
	NoStem         bool
	Weight         *float64 // relevance multiplier
	WithSuffixTrie bool     // speeds up suffix and contains queries
	NoSuffixTrie   bool
}

// NewTextField declares a text field.
func NewTextField(name string) *TextField { return &TextField{baseField: baseField{Name: name}} }

// SetAlias sets the query name.
func (f *TextField) SetAlias(alias string) *TextField { f.Alias = alias; return f }

// SetSortable allows sorting by the field.
func (f *TextField) SetSortable(sortable bool) *TextField { f.Sortable = sortable; return f }

// SetNoStem disables stemming.
func (f *TextField) SetNoStem(nostem bool) *TextField { f.NoStem = nostem; return f }

// SetWeight sets the relevance multiplier.
func (f *TextField) SetWeight(weight float64) *TextField { f.Weight = &weight; return f }

// SetWithSuffixTrie builds a suffix trie.
func (f *TextField) SetWithSuffixTrie(v bool) *TextField { f.WithSuffixTrie = v; return f }

// SetNoSuffixTrie skips the suffix trie.
func (f *TextField) SetNoSuffixTrie(v bool) *TextField { f.NoSuffixTrie = v; return f }

// ToArgs renders the field's schema entry.
func (f *TextField) ToArgs() ([]string, error) {
	if f.WithSuffixTrie && f.NoSuffixTrie {
		return nil, errors.New("text field: WithSuffixTrie and NoSuffixTrie exclude each other")
	}
	args := appendFlag(f.baseArgs("TEXT"), f.NoStem, "NOSTEM")
	if f.Weight != nil {
		args = append(args, "WEIGHT", ftoa(*f.Weight))
	}
	args = appendFlag(args, f.WithSuffixTrie, "WITHSUFFIXTRIE")
	args = appendFlag(args, f.NoSuffixTrie, "NOSUFFIXTRIE")
	return f.sortableArgs(args), nil
}

// TagField is a field of exact-match tags split on a separator.
type TagField struct {
	baseField
	Separator     string // default ","
	CaseSensitive bool
}

// NewTagField declares a tag field.
func NewTagField(name string) *TagField { return &TagField{baseField: baseField{Name: name}} }

// SetAlias sets the query name.
func (f *TagField) SetAlias(alias string) *TagField { f.Alias = alias; return f }

// SetSortable allows sorting by the field.
func (f *TagField) SetSortable(sortable bool) *TagField { f.Sortable = sortable; return f }

// SetSeparator sets the tag separator.
func (f *TagField) SetSeparator(sep string) *TagField { f.Separator = sep; return f }

// SetCaseSensitive keeps tag case.
func (f *TagField) SetCaseSensitive(v bool) *TagField { f.CaseSensitive = v; return f }

// ToArgs renders the field's schema entry.
func (f *TagField) ToArgs() ([]string, error) {
	args := f.baseArgs("TAG")
	if f.Separator != "" {
		args = append(args, "SEPARATOR", f.Separator)
	}
	return f.sortableArgs(appendFlag(args, f.CaseSensitive, "CASESENSITIVE")), nil
}

// NumericField is a field queried by numeric range.
type NumericField struct {
	baseField
}

// NewNumericField declares a numeric field.
func NewNumericField(name string) *NumericField {
	return &NumericField{baseField: baseField{Name: name}}
}

// SetAlias sets the query name.
func (f *NumericField) SetAlias(alias string) *NumericField { f.Alias = alias; return f }

// SetSortable allows sorting by the field.
func (f *NumericField) SetSortable(sortable bool) *NumericField { f.Sortable = sortable; return f }

// ToArgs renders the field's schema entry.
func (f *NumericField) ToArgs() ([]string, error) {
	return f.sortableArgs(f.baseArgs("NUMERIC")), nil
}

// vectorArgs renders a vector field: algorithm, attribute count, attributes.
func vectorArgs(f *baseField, algorithm string, attrs []string) []string {
	args := append(f.baseArgs("VECTOR"), algorithm, strconv.Itoa(len(attrs)))
	return append(args, attrs...)
}

func vectorAttrs(dim int, metric constants.DistanceMetric, t constants.VectorDataType, initialCap *int) []string {
	attrs := []string{"DIM", strconv.Itoa(dim), "DISTANCE_METRIC", string(metric), "TYPE", string(t)}
	return appendInt(attrs, "INITIAL_CAP", initialCap)
}

// VectorFieldFlat is a vector field searched by brute force: exact, and fine
// for small sets.
type VectorFieldFlat struct {
	baseField
	DistanceMetric constants.DistanceMetric
	Dimensions     int
	Type           constants.VectorDataType
	InitialCap     *int
}

// NewVectorFieldFlat declares a FLAT vector field of float32 vectors.
func NewVectorFieldFlat(name string, distanceMetric constants.DistanceMetric, dimensions int) *VectorFieldFlat {
	return &VectorFieldFlat{baseField: baseField{Name: name}, DistanceMetric: distanceMetric,
		Dimensions: dimensions, Type: constants.VectorDataTypeFloat32}
}

// SetAlias sets the query name.
func (f *VectorFieldFlat) SetAlias(alias string) *VectorFieldFlat { f.Alias = alias; return f }

// SetType sets the vector element type.
func (f *VectorFieldFlat) SetType(t constants.VectorDataType) *VectorFieldFlat { f.Type = t; return f }

// SetInitialCap pre-sizes the index.
func (f *VectorFieldFlat) SetInitialCap(cap int) *VectorFieldFlat { f.InitialCap = &cap; return f }

// ToArgs renders the field's schema entry.
func (f *VectorFieldFlat) ToArgs() ([]string, error) {
	return vectorArgs(&f.baseField, "FLAT", vectorAttrs(f.Dimensions, f.DistanceMetric, f.Type, f.InitialCap)), nil
}

// VectorFieldHNSW is a vector field searched through an HNSW graph:
// approximate but fast on large sets.
type VectorFieldHNSW struct {
	baseField
	DistanceMetric                constants.DistanceMetric
	Dimensions                    int
	Type                          constants.VectorDataType
	InitialCap                    *int
	NumberOfEdges                 *int // M
	VectorsExaminedOnConstruction *int // EF_CONSTRUCTION
	VectorsExaminedOnRuntime      *int // EF_RUNTIME
}

// NewVectorFieldHNSW declares an HNSW vector field of float32 vectors.
func NewVectorFieldHNSW(name string, distanceMetric constants.DistanceMetric, dimensions int) *VectorFieldHNSW {
	return &VectorFieldHNSW{baseField: baseField{Name: name}, DistanceMetric: distanceMetric,
		Dimensions: dimensions, Type: constants.VectorDataTypeFloat32}
}

// SetAlias sets the query name.
func (f *VectorFieldHNSW) SetAlias(alias string) *VectorFieldHNSW { f.Alias = alias; return f }

// SetType sets the vector element type.
func (f *VectorFieldHNSW) SetType(t constants.VectorDataType) *VectorFieldHNSW { f.Type = t; return f }

// SetInitialCap pre-sizes the index.
func (f *VectorFieldHNSW) SetInitialCap(cap int) *VectorFieldHNSW { f.InitialCap = &cap; return f }

// SetNumberOfEdges sets the graph's out-degree (M).
func (f *VectorFieldHNSW) SetNumberOfEdges(m int) *VectorFieldHNSW { f.NumberOfEdges = &m; return f }

// SetVectorsExaminedOnConstruction sets EF_CONSTRUCTION.
func (f *VectorFieldHNSW) SetVectorsExaminedOnConstruction(ef int) *VectorFieldHNSW {
	f.VectorsExaminedOnConstruction = &ef
	return f
}

// SetVectorsExaminedOnRuntime sets EF_RUNTIME.
func (f *VectorFieldHNSW) SetVectorsExaminedOnRuntime(ef int) *VectorFieldHNSW {
	f.VectorsExaminedOnRuntime = &ef
	return f
}

// ToArgs renders the field's schema entry.
func (f *VectorFieldHNSW) ToArgs() ([]string, error) {
	attrs := vectorAttrs(f.Dimensions, f.DistanceMetric, f.Type, f.InitialCap)
	attrs = appendInt(attrs, "M", f.NumberOfEdges)
	attrs = appendInt(attrs, "EF_CONSTRUCTION", f.VectorsExaminedOnConstruction)
	attrs = appendInt(attrs, "EF_RUNTIME", f.VectorsExaminedOnRuntime)
	return vectorArgs(&f.baseField, "HNSW", attrs), nil
}

// FtCreateOptions are FT.CREATE's options, rendered before SCHEMA.
type FtCreateOptions struct {
	DataType        constants.IndexDataType // HASH (default) or JSON
	Prefixes        []string                // index only keys with these prefixes
	Score           *float64                // default document score
	Language        string
	SkipInitialScan bool // do not index existing keys
	MinStemSize     *int
	WithOffsets     bool
	NoOffsets       bool
	NoStopWords     bool
	StopWords       []string
	Punctuation     string
}

// ToArgs renders the options after FT.CREATE's index name.
func (o *FtCreateOptions) ToArgs() ([]string, error) {
	if o.WithOffsets && o.NoOffsets {
		return nil, errors.New("FT.CREATE: WithOffsets and NoOffsets exclude each other")
	}
	if o.NoStopWords && len(o.StopWords) > 0 {
		return nil, errors.New("FT.CREATE: NoStopWords and StopWords exclude each other")
	}
	args := []string{}
	if o.DataType != "" {
		args = append(args, "ON", string(o.DataType))
	}
	if len(o.Prefixes) > 0 {
		args = append(append(args, "PREFIX", strconv.Itoa(len(o.Prefixes))), o.Prefixes...)
	}
	if o.Score != nil {
		args = append(args, "SCORE", ftoa(*o.Score))
	}
	if o.Language != "" {
		args = append(args, "LANGUAGE", o.Language)
	}
	args = appendFlag(args, o.SkipInitialScan, "SKIPINITIALSCAN")
	args = appendInt(args, "MINSTEMSIZE", o.MinStemSize)
	args = appendFlag(args, o.WithOffsets, "WITHOFFSETS")
	args = appendFlag(args, o.NoOffsets, "NOOFFSETS")
	args = appendFlag(args, o.NoStopWords, "NOSTOPWORDS")
	if len(o.StopWords) > 0 {
		args = append(append(args, "STOPWORDS", strconv.Itoa(len(o.StopWords))), o.StopWords...)
	}
	if o.Punctuation != "" {
		args = append(args, "PUNCTUATION", o.Punctuation)
	}
	return args, nil
}
