package reports

import (
	"context"
	"encoding/xml"
	"io"
	"time"
)

// The SDMX-ML 2.1 namespaces of a structure message.
const (
	sdmxMessageNS   = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
	sdmxStructureNS = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure"
	sdmxCommonNS    = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"
)

// The structure message is written with prefixed element names (mes:,
// str:, com:) declared on the root; references (Ref) are unqualified, as
// the 2.1 schemas have them.
type (
	sdmxStructure struct {
		XMLName    xml.Name       `xml:"mes:Structure"`
		Mes        string         `xml:"xmlns:mes,attr"`
		Str        string         `xml:"xmlns:str,attr"`
		Com        string         `xml:"xmlns:com,attr"`
		Header     sdmxHeader     `xml:"mes:Header"`
		Structures sdmxStructures `xml:"mes:Structures"`
	}
	sdmxHeader struct {
		ID       string     `xml:"mes:ID"`
		Test     bool       `xml:"mes:Test"`
		Prepared string     `xml:"mes:Prepared"`
		Sender   sdmxSender `xml:"mes:Sender"`
	}
	sdmxSender struct {
		ID string `xml:"id,attr"`
	}
	// sdmxStructures keeps the schema's order: dataflows, code lists,
	// concepts, data structures.
	sdmxStructures struct {
		Dataflows  []sdmxDataflow   `xml:"str:Dataflows>str:Dataflow"`
		Codelists  []sdmxCodelist   `xml:"str:Codelists>str:Codelist"`
		Concepts   []sdmxScheme     `xml:"str:Concepts>str:ConceptScheme"`
		Structures []sdmxDataStruct `xml:"str:DataStructures>str:DataStructure"`
	}
	sdmxName struct {
		Lang string `xml:"xml:lang,attr"`
		Text string `xml:",chardata"`
	}
	sdmxRef struct {
		ID            string `xml:"id,attr"`
		Agency        string `xml:"agencyID,attr,omitempty"`
		Version       string `xml:"version,attr,omitempty"`
		ParentID      string `xml:"maintainableParentID,attr,omitempty"`
		ParentVersion string `xml:"maintainableParentVersion,attr,omitempty"`
		Package       string `xml:"package,attr,omitempty"`
		Class         string `xml:"class,attr,omitempty"`
	}
	// sdmxArtefact is what every maintained artefact starts with.
	sdmxArtefact struct {
		ID      string     `xml:"id,attr"`
		Agency  string     `xml:"agencyID,attr"`
		Version string     `xml:"version,attr"`
		Names   []sdmxName `xml:"com:Name"`
	}
	sdmxDataflow struct {
		sdmxArtefact
		Structure sdmxRef `xml:"str:Structure>Ref"`
	}
	sdmxCodelist struct {
		sdmxArtefact
		Codes []sdmxItem `xml:"str:Code"`
	}
	sdmxScheme struct {
		sdmxArtefact
		Concepts []sdmxItem `xml:"str:Concept"`
	}
	sdmxItem struct {
		ID    string     `xml:"id,attr"`
		Names []sdmxName `xml:"com:Name"`
	}
	sdmxDataStruct struct {
		sdmxArtefact
		Components sdmxComponents
	}
	sdmxComponents struct {
		XMLName    xml.Name        `xml:"str:DataStructureComponents"`
		Dimensions sdmxDimList     `xml:"str:DimensionList"`
		Attributes sdmxAttrList    `xml:"str:AttributeList"`
		Measures   sdmxMeasureList `xml:"str:MeasureList"`
	}
	sdmxDimList struct {
		ID   string          `xml:"id,attr"`
		Dims []sdmxComponent `xml:"str:Dimension"`
		Time sdmxComponent   `xml:"str:TimeDimension"`
	}
	sdmxAttrList struct {
		ID    string          `xml:"id,attr"`
		Attrs []sdmxComponent `xml:"str:Attribute"`
	}
	sdmxMeasureList struct {
		ID      string        `xml:"id,attr"`
		Primary sdmxComponent `xml:"str:PrimaryMeasure"`
	}
	// sdmxComponent is a dimension, the time dimension, an attribute or
	// the primary measure: its concept, its representation (a code list,
	// or a text format) and, for an attribute, what it is attached to.
	sdmxComponent struct {
		ID         string        `xml:"id,attr"`
		Position   int           `xml:"position,attr,omitempty"`
		Assignment string        `xml:"assignmentStatus,attr,omitempty"`
		Concept    sdmxRef       `xml:"str:ConceptIdentity>Ref"`
		Enum       *sdmxRef      `xml:"str:LocalRepresentation>str:Enumeration>Ref,omitempty"`
		TextFormat *sdmxText     `xml:"str:LocalRepresentation>str:TextFormat,omitempty"`
		Relation   *sdmxRelation `xml:"str:AttributeRelationship,omitempty"`
	}
	sdmxText struct {
		Type string `xml:"textType,attr"`
	}
	sdmxRelation struct {
		Dimension *sdmxRef `xml:"str:Dimension>Ref,omitempty"`
		Measure   *sdmxRef `xml:"str:PrimaryMeasure>Ref,omitempty"`
	}
)

// names gives an item its English and Chinese names (the English one
// standing in for a missing Chinese one).
func names(en, zh string) []sdmxName {
	if zh == "" {
		zh = en
	}
	return []sdmxName{{Lang: "en", Text: en}, {Lang: "zh", Text: zh}}
}

// sdmxConcepts are the concepts of the data structure, in its order.
var sdmxConcepts = []struct{ id, en, zh string }{
	{"REF_AREA", "Reference area (zone)", "参考区域（园区）"},
	{"INDICATOR", "Indicator", "指标"},
	{"TIME_PERIOD", "Time period", "时间段"},
	{"OBS_VALUE", "Observation value", "观测值"},
	{"UNIT_MEASURE", "Unit of measure", "计量单位"},
	{"OBS_STATUS", "Observation status", "观测状态"},
}

// WriteSDMXStructure writes the SDMX-ML 2.1 structure message of
// framework's SDMX-CSV: the code lists of the zones given (nil: every
// zone), of the framework's indicators, of their units and of the
// observation statuses; the concept scheme; the data structure and the
// dataflow. Every code the CSV of the same zones can hold is listed.
func WriteSDMXStructure(ctx context.Context, svc SDMXSource, w io.Writer, framework string, zones []string) error {
	fw, err := svc.Framework(ctx, framework)
	if err != nil {
		return err
	}
	cat, err := svc.Catalogue(ctx, framework)
	if err != nil {
		return err
	}
	inScope, err := zonesInScope(ctx, svc, zones)
	if err != nil {
		return err
	}
	flow := sdmxFlowID(framework)
	ref := func(id, pkg, class string) *sdmxRef {
		return &sdmxRef{ID: id, Agency: SDMXAgency, Version: SDMXVersion, Package: pkg, Class: class}
	}
	artefact := func(id, en, zh string) sdmxArtefact {
		return sdmxArtefact{ID: id, Agency: SDMXAgency, Version: SDMXVersion, Names: names(en, zh)}
	}
	list := func(id, en, zh string) sdmxCodelist {
		return sdmxCodelist{sdmxArtefact: artefact(id, en, zh), Codes: []sdmxItem{}}
	}

	areas := list("CL_REF_AREA", "Zones", "园区")
	for _, z := range inScope {
		areas.Codes = append(areas.Codes, sdmxItem{ID: SDMXID(z.Code), Names: names(z.NameEn, z.NameZh)})
	}
	inds := list("CL_INDICATOR", fw.NameEn+": indicators", fw.NameZh+"：指标")
	units := list("CL_UNIT_MEASURE", "Units of measure", "计量单位")
	seen := map[string]bool{}
	for _, ind := range cat.Indicators {
		inds.Codes = append(inds.Codes, sdmxItem{ID: SDMXID(ind.Code), Names: names(ind.NameEn, ind.NameZh)})
		if u := UnitCode(ind.Unit); !seen[u] {
			seen[u] = true
			units.Codes = append(units.Codes, sdmxItem{ID: u, Names: names(ind.Unit, ind.UnitZh)})
		}
	}
	statuses := list("CL_OBS_STATUS", "Observation status", "观测状态")
	for _, s := range obsStatusNames {
		statuses.Codes = append(statuses.Codes, sdmxItem{ID: s.code, Names: names(s.en, s.zh)})
	}

	scheme := sdmxScheme{sdmxArtefact: artefact("CS_"+flow, fw.NameEn+": concepts", fw.NameZh+"：概念")}
	for _, c := range sdmxConcepts {
		scheme.Concepts = append(scheme.Concepts, sdmxItem{ID: c.id, Names: names(c.en, c.zh)})
	}
	concept := func(id string) sdmxRef {
		return sdmxRef{ID: id, Agency: SDMXAgency, ParentID: scheme.ID, ParentVersion: SDMXVersion, Package: "conceptscheme", Class: "Concept"}
	}
	codes := func(id string) *sdmxRef { return ref(id, "codelist", "Codelist") }
	dsd := sdmxDataStruct{sdmxArtefact: artefact("DSD_"+flow, fw.NameEn, fw.NameZh),
		Components: sdmxComponents{
			Dimensions: sdmxDimList{ID: "DimensionDescriptor",
				Dims: []sdmxComponent{
					{ID: "REF_AREA", Position: 1, Concept: concept("REF_AREA"), Enum: codes(areas.ID)},
					{ID: "INDICATOR", Position: 2, Concept: concept("INDICATOR"), Enum: codes(inds.ID)},
				},
				Time: sdmxComponent{ID: "TIME_PERIOD", Position: 3, Concept: concept("TIME_PERIOD"), TextFormat: &sdmxText{Type: "ObservationalTimePeriod"}},
			},
			Attributes: sdmxAttrList{ID: "AttributeDescriptor", Attrs: []sdmxComponent{
				{ID: "UNIT_MEASURE", Assignment: "Mandatory", Concept: concept("UNIT_MEASURE"), Enum: codes(units.ID),
					Relation: &sdmxRelation{Dimension: &sdmxRef{ID: "INDICATOR"}}},
				{ID: "OBS_STATUS", Assignment: "Mandatory", Concept: concept("OBS_STATUS"), Enum: codes(statuses.ID),
					Relation: &sdmxRelation{Measure: &sdmxRef{ID: "OBS_VALUE"}}},
			}},
			Measures: sdmxMeasureList{ID: "MeasureDescriptor", Primary: sdmxComponent{ID: "OBS_VALUE", Concept: concept("OBS_VALUE"), TextFormat: &sdmxText{Type: "Double"}}},
		}}
	msg := sdmxStructure{Mes: sdmxMessageNS, Str: sdmxStructureNS, Com: sdmxCommonNS,
		Header: sdmxHeader{ID: "IGMC_" + flow + "_STRUCTURE", Prepared: time.Now().UTC().Format("2006-01-02T15:04:05"), Sender: sdmxSender{ID: SDMXAgency}},
		Structures: sdmxStructures{
			Dataflows:  []sdmxDataflow{{sdmxArtefact: artefact(flow, fw.NameEn, fw.NameZh), Structure: *ref(dsd.ID, "datastructure", "DataStructure")}},
			Codelists:  []sdmxCodelist{areas, inds, units, statuses},
			Concepts:   []sdmxScheme{scheme},
			Structures: []sdmxDataStruct{dsd},
		}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(msg); err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n")
	return err
}
