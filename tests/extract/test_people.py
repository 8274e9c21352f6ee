"""The grammar of people in author and speaker fields, in French and English."""

from graph.extract.people import parse_people


def names(agents):
    return [a.name for a in agents]


def test_linked_name_with_affiliation_cue():
    (agent,) = parse_people("[Cheuk Ting-Ho](https://cheuk.example), bosse à Anaconda", 4, default_kind="person")
    assert agent.name == "Cheuk Ting-Ho"
    assert agent.url == "https://cheuk.example"
    assert [o.name for o in agent.affiliations] == ["Anaconda"]
    assert agent.kind == "person"


def test_role_then_linked_organisation():
    (agent,) = parse_people("[Max K](https://uk.linkedin.com/in/maxk), python developer advocate chez "
                            "[vonage](https://www.vonage.example/dev) = communication's API", 2)
    assert agent.job_title == "python developer advocate"
    assert [(o.name, o.url) for o in agent.affiliations] == [("vonage", "https://www.vonage.example/dev")]


def test_two_speakers_with_plus_and_descriptions():
    agents = parse_people("[Paul P](https://github.com/pp), spécialiste de la conversion en wasm + "
                          "[Fanny G](https://fanny.example), développe un moteur 3D = Harfang", 7,
                          default_kind="person")
    assert names(agents) == ["Paul P", "Fanny G"]
    assert agents[0].affiliations == ()
    assert agents[1].description.startswith("développe un moteur 3D")


def test_organisation_right_after_name_and_creation():
    (agent,) = parse_people("[Arnaud M](https://github.com/am), [camptocamp](https://www.camptocamp.example/fr), "
                            "ils mettent en œuvre des SIG", 1, default_kind="person")
    assert [o.name for o in agent.affiliations] == ["camptocamp"]
    (creator,) = parse_people("[Arthur P](https://github.com/ap), il a créé codspeed", 1, default_kind="person")
    assert creator.created == ("codspeed",)


def test_french_and_english_cues():
    (a,) = parse_people("Léa DUPONT, ingénieure en statistiques au CHU de Nantes ; son activité = data", 1)
    assert [o.name for o in a.affiliations] == ["CHU de Nantes"]
    (b,) = parse_people("[Sam Lee](https://sam.example), SRE at Cloudnine", 1)
    assert [o.name for o in b.affiliations] == ["Cloudnine"]
    (c,) = parse_people("Kim PARK, works for Initech", 1)
    assert [o.name for o in c.affiliations] == ["Initech"]
    (d,) = parse_people("Noor ALI = dev, travaille chez Globex depuis 2019", 1)
    assert [o.name for o in d.affiliations] == ["Globex"]


def test_several_people_with_shared_affiliation():
    agents = parse_people("Christian HOLM (Security Engineer), Alexis BERG (dev rust), Kris WEST (crash reporting "
                          "peer), tous trois chez mozilla", 5)
    assert names(agents) == ["Christian HOLM", "Alexis BERG", "Kris WEST"]
    assert all([o.name for o in a.affiliations] == ["mozilla"] for a in agents)


def test_and_et_separators_only_between_names():
    assert names(parse_people("Steve Klabnik and Carol Nichols, with contributions from the community", 1)) == [
        "Steve Klabnik", "Carol Nichols"]
    assert names(parse_people("[A B](https://a.example) et [C D](https://c.example), tous deux devs chez Google",
                              1)) == ["A B", "C D"]
    (e,) = parse_people("[Eric E](https://e.example) = consultant spécialisé en Domain-Driven Design et "
                        "Extreme Programming", 1)
    assert e.name == "Eric E"


def test_aliases_and_personal_pages():
    (a,) = parse_people("[Julia E](https://jvns.example/about/) aka [b0rk](https://twitter.com/b0rk), bloggeuse", 1)
    assert a.aliases == ("b0rk",)
    assert "https://twitter.com/b0rk" in a.same_as
    (b,) = parse_people("[Robert C. Martin a.k.a Uncle Bob](https://en.wikipedia.org/wiki/RCM) = architecte", 1)
    assert (b.name, b.aliases) == ("Robert C. Martin", ("Uncle Bob",))
    (c,) = parse_people("Joël L (Klaim, [son site perso](https://klaim.example)), qui bosse chez "
                        "https://www.jellynote.example/fr", 1, default_kind="person")
    assert c.aliases == ("Klaim",)
    assert c.url == "https://klaim.example"
    assert [(o.name, o.url) for o in c.affiliations] == [("jellynote", "https://www.jellynote.example/fr")]


def test_former_employers_are_not_affiliations():
    (a,) = parse_people("Avery P, dev canadien, [ancien de chez Google et Microsoft](https://x.example/a), "
                        "actuellement CEO", 1)
    assert a.affiliations == ()


def test_unknown_and_organisations():
    assert parse_people("N/A", 1) == []
    assert parse_people("multiples", 1) == []
    assert parse_people("difficile à dire sur ce site", 1) == []
    (org,) = parse_people("le [WG21 C++](https://isocpp.example/std/the-committee) = le comité C++", 1)
    assert (org.name, org.kind) == ("WG21 C++", "organization")
    (site,) = parse_people("[Docstring](https://www.docstring.example/), site de formations python.", 1)
    assert site.kind == "organization"


def test_parenthesis_after_name_is_a_nickname_or_an_employer():
    (a,) = parse_people("Jane DOE (Acme Corp)", 1, default_kind="person")
    assert [o.name for o in a.affiliations] == ["Acme Corp"] and a.aliases == ()
    (b,) = parse_people("Joël L (Klaim, [son site perso](https://klaim.example))", 1, default_kind="person")
    assert b.aliases == ("Klaim",) and b.affiliations == ()
    (c,) = parse_people("Christian HOLM (Security Engineer)", 1)
    assert c.affiliations == () and c.aliases == ()


def test_a_name_with_its_link_or_mail_in_angle_brackets_is_read():
    found = parse_people("Ann Lee <https://ann.example.org>, chez Acme ; Bob Ray <bob@ray.example>", 4)
    assert [(a.name, a.url) for a in found] == [("Ann Lee", "https://ann.example.org"), ("Bob Ray", None)]
    assert [o.name for o in found[0].affiliations] == ["Acme"]


def test_a_link_s_url_keeps_its_own_angle_brackets():
    from graph.extract.people import parse_people
    from graph.extract.values import normalise_url

    (bob,) = parse_people("[Bob](https://e.org/<x>)", 5)
    assert bob.name == "Bob" and bob.url == "https://e.org/%3Cx%3E"
    (ann,) = parse_people("[Ann](<https://e.org/a b>)", 5)
    assert ann.url == "https://e.org/a%20b"
    assert normalise_url("<https://e.org/a>") == "https://e.org/a" and normalise_url("https://e.org/a>") == \
        "https://e.org/a%3E"
