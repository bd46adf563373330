package locale

import "testing"

// TestMessagesComplete checks that English and Chinese have the same keys:
// a text added in one language only is caught before any page shows it.
func TestMessagesComplete(t *testing.T) {
	keys, err := MessageKeys()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != len(Languages) {
		t.Fatalf("message files exist for %d languages, want %v", len(keys), Languages)
	}
	en := keys["en"]
	if len(en) < 50 {
		t.Fatalf("only %d English messages: the message files were not found", len(en))
	}
	for _, lang := range Languages[1:] {
		for k := range en {
			if !keys[lang][k] {
				t.Errorf("%s has no text for %q", lang, k)
			}
		}
		for k := range keys[lang] {
			if !en[k] {
				t.Errorf("%s has a text for %q, which English lacks", lang, k)
			}
		}
	}
}

// TestMatch: the language a visitor's browser asks for, English when it
// asks for neither.
func TestMatch(t *testing.T) {
	for header, want := range map[string]string{"": "en", "zh-CN,zh;q=0.9": "zh", "en-GB": "en", "fr-FR, zh-Hans;q=0.5": "zh", "de": "en"} {
		if got := Match(header).Code; got != want {
			t.Errorf("Accept-Language %q: %s, want %s", header, got, want)
		}
	}
	if Of("fr") != nil || Of("zh") == nil {
		t.Error("Of must know exactly en and zh")
	}
}
