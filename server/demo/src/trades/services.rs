//! Trade tables of the service sections: health, administrative services, hospitality,
//! other services, transport, information, culture and education.

use super::Size::{General, Large, Owner, Small};
use super::{Trade, t};
use crate::places::Setting::{Anywhere, Centre, Industrial, Rural};

#[rustfmt::skip]
pub(super) const HEALTH: &[Trade] = &[
    t("862100", 14, Centre, General, &[
        "Lægehuset {St}", "{L} Lægehus", "Læge {F} {S}!", "Lægerne i {L} I/S",
    ]),
    t("862300", 10, Centre, General, &[
        "{L} Tandlægeklinik I/S", "Tandlæge {F} {S}!", "Tandlægerne {St}", "{P} Tandlægehus",
    ]),
    t("869020", 14, Centre, Small, &[
        "{P} Fysioterapi", "Fysioterapeut {F} {S}!", "{S} Fysioterapi og Træning", "Fysio {L}",
    ]),
    t("869040", 3, Centre, Small, &["{L} Kiropraktorklinik", "Kiropraktor {F} {S}!"]),
    t("869090", 10, Anywhere, Small, &["{Fg} Zoneterapi~", "{P} Sundhedshus", "Klinik {F}~"]),
    t("869030", 5, Centre, Small, &["Psykolog {F} {S}!", "{P} Psykologhus", "{S} Psykologi"]),
    t("862200", 4, Centre, General, &["{P} Øjenklinik", "Speciallæge {F} {S}!", "{P} Hudklinik"]),
    t("881010", 8, Anywhere, Large, &["{P} Hjemmepleje", "{S} Omsorg", "{Fg} Hjemmeservice~"]),
    t("871010", 4, Anywhere, Large, &["{L} Friplejehjem!", "Plejecentret {G}!"]),
    t("879010", 4, Rural, General, &["Opholdsstedet {G}", "Ungehjemmet {G}"]),
    t("889110", 8, Anywhere, Small, &["Privat dagpleje {F} {S}!", "{Fg} Børnepasning~"]),
    t("889130", 4, Anywhere, General, &["Børnehaven {G}!", "Den Private Børnehave {G}!"]),
    t("889910", 4, Anywhere, Owner, &["Fonden {G}!", "{L} Hjælpefond!"]),
    t("872010", 2, Rural, General, &["Bostedet {G}", "Botilbuddet {G}"]),
];

#[rustfmt::skip]
pub(super) const ADMIN_SERVICES: &[Trade] = &[
    t("812100", 20, Anywhere, General, &[
        "{P} Rengøring", "{S} Rengøringsservice", "{Fg} Rengøring~", "{P} Facility Service",
    ]),
    t("813000", 14, Anywhere, Small, &[
        "{S} Anlægsgartner", "{P} Have & Anlæg", "{Sg} Havepleje", "Anlægsgartner {F} {S}!",
    ]),
    t("782000", 6, Centre, Large, &["{P} Vikarservice", "{S} Bemanding", "Jobpartner {L}"]),
    t("812210", 6, Anywhere, Small, &["{P} Vinduespolering", "{Fg} Vinduespudsning~"]),
    t("812220", 2, Anywhere, Small, &["Skorstensfejer {F} {S}!", "{P} Skorstensfejeren"]),
    t("771100", 3, Industrial, Small, &["{P} Biludlejning", "{S} Leasing"]),
    t("773200", 3, Industrial, General, &["{P} Maskinudlejning", "{S} Materieludlejning"]),
    t("801000", 3, Industrial, Large, &["{P} Vagt og Sikring", "{S} Security"]),
    t("829900", 10, Anywhere, Small, &["{S} Service", "{F} {S} Erhvervsservice~", "{P} Kontorservice"]),
    t("791100", 2, Centre, Small, &["{P} Rejser", "{S} Rejsebureau"]),
    t("811000", 4, Industrial, Large, &["{P} Ejendomsservice", "{S} Facility"]),
    t("823000", 2, Anywhere, Small, &["{P} Events", "{S} Eventbureau"]),
    t("821100", 3, Centre, Small, &["{S} Kontorfællesskab", "{P} Administration"]),
    t("829200", 1, Industrial, General, &["{P} Pakkeri", "{S} Pakning og Lager"]),
    t("812900", 2, Industrial, Small, &["{P} Skadeservice", "{S} Rens og Skadeservice"]),
    t("783000", 2, Centre, General, &["{S} Rekruttering", "{P} Jobformidling"]),
];

#[rustfmt::skip]
pub(super) const HOSPITALITY: &[Trade] = &[
    t("561010", 30, Centre, General, &[
        "Restaurant {R}", "Restaurant {St}", "{L} Kro", "Café & Restaurant {F}", "{St} Spisehus",
        "Restaurant {G}",
    ]),
    t("561020", 25, Centre, Small, &[
        "{P} Pizza", "Pizzeria {It}", "{St} Grill", "{L} Grillbar", "Grillen {St}",
    ]),
    t("563000", 15, Centre, Small, &[
        "Café {F}", "{St} Bodega", "{L} Værtshus", "Café {R}", "Bodegaen {St}!",
    ]),
    t("562100", 6, Industrial, General, &["{P} Catering", "{Fg} Madhus~", "{S} Catering"]),
    t("551010", 5, Centre, Large, &["Hotel {L}", "{L} Kro og Hotel", "Hotel {St}"]),
    t("552000", 6, Rural, Owner, &["{G} Bed & Breakfast~", "{P} Ferieboliger"]),
    t("553000", 3, Rural, Small, &["{P} Camping", "{L} Camping"]),
    t("562900", 4, Industrial, General, &["{P} Kantineservice", "{S} Frokostordning"]),
    t("551020", 2, Rural, General, &["{G} Kursuscenter", "Kursusstedet {G}"]),
];

#[rustfmt::skip]
pub(super) const OTHER_SERVICES: &[Trade] = &[
    t("960210", 30, Centre, Small, &[
        "{Fg} Frisørsalon~", "Salon {F}~", "Frisør {St}", "{P} Hårdesign", "Klip & Krøl {St}",
        "Frisøren i {L}~",
    ]),
    t("960220", 15, Centre, Small, &[
        "{Fg} Skønhedsklinik~", "Beauty by {F}~", "{P} Hud & Velvære", "Klinik {F}~",
    ]),
    t("960400", 6, Centre, Small, &["{Fg} Massage~", "{P} Wellness"]),
    t("960900", 6, Anywhere, Small, &["{Fg} Hundefrisør~", "{P} Dyrepension", "{S} Tatovering"]),
    t("949900", 15, Anywhere, Owner, &[
        "{L} Borgerforening!", "Grundejerforeningen {G}!", "Grundejerforeningen {St}!", "{L} Lokalråd!",
        "{L} Jagtforening!", "{L} Spejderne!", "Vejlauget {St}!", "{L} Pensionistforening!",
    ]),
    t("941100", 2, Centre, Owner, &["{L} Erhvervsforening!", "Handelsstandsforeningen i {L}!"]),
    t("949100", 4, Anywhere, Owner, &["{L} Frimenighed!", "{L} Missionshus!"]),
    t("952900", 3, Anywhere, Small, &["{P} Reparationsservice", "{S} Reparationer"]),
    t("951100", 4, Anywhere, Small, &["{P} PC-service", "{S} IT-hjælp"]),
    t("960120", 2, Centre, Small, &["{P} Renseri", "{St} Renseri"]),
    t("960300", 2, Centre, Small, &["{P} Begravelsesforretning", "Bedemand {F} {S}!"]),
    t("952400", 2, Anywhere, Small, &["{S} Møbelpolstring", "{P} Møbelrestaurering"]),
    t("952300", 1, Centre, Small, &["Skomager {F}!", "{St} Nøgle- og Skoservice"]),
];

#[rustfmt::skip]
pub(super) const TRANSPORT: &[Trade] = &[
    t("494100", 45, Industrial, Large, &[
        "{S} Transport", "{P} Vognmandsforretning", "Vognmand {F} {S}!", "{S} Logistik", "{P} Fragt",
        "{S} & {S2} Transport",
    ]),
    t("493200", 12, Anywhere, Small, &["{P} Taxa", "Taxa {F} {S}~", "{S} Taxi"]),
    t("494200", 4, Industrial, General, &["{P} Flytteforretning", "{S} Flytteservice"]),
    t("532000", 8, Industrial, General, &["{P} Kurer", "{S} Budservice"]),
    t("522920", 5, Industrial, General, &["{S} Spedition", "{P} Shipping"]),
    t("521000", 5, Industrial, General, &["{P} Lagerhotel", "{S} Opbevaring"]),
    t("493910", 6, Industrial, Large, &["{P} Busser", "{S} Turistbusser"]),
    t("493920", 4, Industrial, Small, &["{P} Turistfart", "{S} Minibusser"]),
    t("522120", 3, Industrial, Small, &["{P} Autohjælp", "{S} Bugsering"]),
    t("522990", 4, Industrial, Small, &["{S} Transportservice", "{P} Transportformidling"]),
];

#[rustfmt::skip]
pub(super) const INFORMATION: &[Trade] = &[
    t("620100", 30, Centre, General, &["{S} Software", "{P} IT", "{S} Data", "{F}Soft~", "{P} Digital"]),
    t("620200", 20, Anywhere, Small, &["{S} IT-Consult", "{F} {S} IT~", "{P} IT-Rådgivning"]),
    t("620900", 12, Anywhere, Small, &["{P} IT-Service", "{S} IT"]),
    t("631100", 8, Anywhere, Small, &["{P} Hosting", "{S} Web"]),
    t("581420", 3, Centre, General, &["{L} Lokalavis", "{P} Ugeavis"]),
    t("591110", 6, Anywhere, Small, &["{S} Film", "{P} Videoproduktion", "{Fg} Filmproduktion~"]),
    t("592000", 3, Anywhere, Small, &["{P} Lydstudie", "{S} Musik"]),
    t("582900", 6, Centre, General, &["{S} Apps", "{P} Systems"]),
    t("581100", 3, Anywhere, Small, &["Forlaget {G}", "{P} Forlag"]),
    t("639900", 3, Anywhere, Small, &["{S} Information", "{P} Info"]),
    t("619000", 3, Industrial, General, &["{P} Fiber", "{S} Net"]),
];

#[rustfmt::skip]
pub(super) const CULTURE: &[Trade] = &[
    t("931200", 25, Anywhere, Owner, &[
        "{L} Idrætsforening!", "{L} Boldklub!", "{L} Golfklub!", "{L} Tennisklub!", "{L} Skytteforening!",
        "{L} Badmintonklub!", "{L} Svømmeklub!", "{L} Håndboldklub!", "{L} Cykelklub!", "{L} Løbeklub!",
        "{L} Petanqueklub!", "{L} Gymnastikforening!", "{L} Skakklub!", "{L} Roklub!", "{L} Kajakklub!",
    ]),
    t("931300", 15, Industrial, Small, &["{P} Fitness", "{S} Træningscenter", "Fitness {St}"]),
    t("900300", 15, Anywhere, Owner, &["{F} {S} Kunst~", "Kunstner {F} {S}!", "{Fg} Atelier~"]),
    t("900120", 10, Anywhere, Owner, &["{F} {S} Musik~", "{P} Teaterkompagni", "{F} {S} Entertainment~"]),
    t("931900", 6, Rural, Small, &["{L} Rideklub!", "{G} Ridecenter", "{S} Sport"]),
    t("932990", 8, Anywhere, Small, &["{P} Paintball", "{P} Fritidscenter", "{S} Events"]),
    t("900400", 3, Anywhere, Owner, &["{L} Kulturhus!", "{L} Forsamlingshus!"]),
    t("932910", 1, Anywhere, Owner, &["{L} Lystbådehavn!"]),
    t("931100", 4, Anywhere, General, &["{L} Hallen!", "{L} Idrætscenter", "{P} Svømmehal"]),
];

#[rustfmt::skip]
pub(super) const EDUCATION: &[Trade] = &[
    t("855300", 20, Centre, Small, &["{P} Køreskole", "{Fg} Køreskole~", "Køreskolen {St}"]),
    t("855900", 25, Anywhere, Small, &["{S} Kursus og Uddannelse", "{P} Sprogcenter", "{Fg} Lektiehjælp~"]),
    t("855100", 10, Anywhere, Small, &["{P} Danseskole", "{Fg} Yoga~", "{P} Svømmeskole"]),
    t("855200", 12, Anywhere, Small, &["{P} Musikskole", "{Fg} Musikundervisning~", "{P} Billedskole"]),
    t("852010", 8, Anywhere, General, &["{L} Friskole!", "{L} Privatskole!"]),
    t("853110", 5, Rural, General, &["{L} Efterskole!", "Efterskolen {G}!"]),
    t("851000", 5, Anywhere, General, &["{G} Børnehus!"]),
    t("856000", 5, Anywhere, Small, &["{S} Læringskonsulent", "{P} Uddannelsesvejledning"]),
];
