using Minerva.Core;

namespace Minerva.Extraction.Tests;

public class PhoneExtractionTests
{
    internal static string[] Phones(string text, string? region) =>
        SelectorExtractor.ExtractText(text, region).Where(s => s.Kind == SelectorKind.Phone).Select(s => s.Value).ToArray();

    [Theory]
    // Plain and grouped NANP forms.
    [InlineData("Call (713) 555-0142 now", "US", "+17135550142")]
    [InlineData("txt 713.555.0142", "US", "+17135550142")]
    [InlineData("713/555/0142", "US", "+17135550142")]
    [InlineData("1-713-555-0142", "US", "+17135550142")]
    [InlineData("+1 713 555 0142", "US", "+17135550142")]
    [InlineData("7135550142", "US", "+17135550142")]
    // Spelled groups and spaced single digits (the citypulse ad).
    [InlineData("Call or text seven one three - 5 5 5 - 0 1 4 2 . Outcalls", "US", "+17135550142")]
    [InlineData("two one zero five five five zero one nine eight", "US", "+12105550198")]
    [InlineData("SEVEN one THREE 555 0142", "US", "+17135550142")]
    // Letter O for zero and l/I for one inside digit runs.
    [InlineData("txt 713.555.O142 - ask", "US", "+17135550142")]
    [InlineData("7l3 555 Ol42", "US", "+17135550142")]
    [InlineData("7I3-555-0I42", "US", "+17135550142")]
    // Words and digits mixed inside one token (the brief's example).
    [InlineData("seven1three-five5five-Ol4two", "US", "+17135550142")]
    [InlineData("five5five-2l3-4five67", "US", "+15552134567")]
    [InlineData("seven13 five55 zero142", "US", "+17135550142")]
    // Styled digits: fullwidth, circled, mathematical bold and double-struck, keycap emoji.
    [InlineData("Call ２１０ ５５５ ０１９８.", "US", "+12105550198")]
    [InlineData("⑦①③ ⑤⑤⑤ ⓪①④②", "US", "+17135550142")]
    [InlineData("𝟕𝟏𝟑 𝟓𝟓𝟓 𝟎𝟏𝟒𝟐", "US", "+17135550142")]
    [InlineData("𝟟𝟙𝟛𝟝𝟝𝟝𝟘𝟙𝟜𝟚", "US", "+17135550142")]
    [InlineData("Lexi here, 5️⃣1️⃣2️⃣ 5️⃣5️⃣5️⃣ 0️⃣1️⃣7️⃣7️⃣ text only", "US", "+15125550177")]
    // Emoji and odd separators between digits.
    [InlineData("7🍒1🍒3 555 💋 0142", "US", "+17135550142")]
    [InlineData("713*555*0142", "US", "+17135550142")]
    [InlineData("713_555_0142", "US", "+17135550142")]
    [InlineData("(713)-555-0142", "US", "+17135550142")]
    // European national formats with trunk prefixes, +CC and 00CC.
    [InlineData("WhatsApp 06 1234 5678 or telegram", "NL", "+31612345678")]
    [InlineData("bel 0031612345678", "NL", "+31612345678")]
    [InlineData("Irina +31 6 8765 4321, also", "NL", "+31687654321")]
    [InlineData("Tel. 0151 2345 6789, t.me/x", "DE", "+4915123456789")]
    [InlineData("0176/12345678", "DE", "+4917612345678")]
    [InlineData("Olena jetzt in Wien! +43 664 1234567", "AT", "+436641234567")]
    [InlineData("call 07700 900123", "GB", "+447700900123")]
    [InlineData("+44 (0)7700 900123", "GB", "+447700900123")]
    [InlineData("ring 087 123 4567", "IE", "+353871234567")]
    [InlineData("0470 12 34 56", "BE", "+32470123456")]
    [InlineData("079 123 45 67", "CH", "+41791234567")]
    [InlineData("99 123456", "CY", "+35799123456")]
    [InlineData("601 123 456", "CZ", "+420601123456")]
    [InlineData("20 12 34 56", "DK", "+4520123456")]
    [InlineData("612 34 56 78", "ES", "+34612345678")]
    [InlineData("06 12 34 56 78", "FR", "+33612345678")]
    [InlineData("06.12.34.56.78", "FR", "+33612345678")]
    [InlineData("06 30 123 4567", "HU", "+36301234567")]
    [InlineData("333 123 4567", "IT", "+393331234567")]
    [InlineData("8 612 34567", "LT", "+37061234567")]
    [InlineData("2123 4567", "LV", "+37121234567")]
    [InlineData("512 345 678", "PL", "+48512345678")]
    [InlineData("912 345 678", "PT", "+351912345678")]
    [InlineData("0712 345 678", "RO", "+40712345678")]
    [InlineData("070-123 45 67", "SE", "+46701234567")]
    [InlineData("031 123 456", "SI", "+38631123456")]
    [InlineData("050 123 4567", "UA", "+380501234567")]
    // International numbers are read whatever the record's region.
    [InlineData("WhatsApp +31612345678", "US", "+31612345678")]
    [InlineData("+380 50 123 4567", null, "+380501234567")]
    [InlineData("011 44 7700 900123", "US", "+447700900123")]
    // With no region known, only the international forms are read: +CC, 00CC and 011CC.
    [InlineData("call 0031 6 1234 5678", null, "+31612345678")]
    [InlineData("from abroad 011 44 7700 900123", null, "+447700900123")]
    [InlineData("+49 151 23456789", null, "+4915123456789")]
    // A click-to-chat link carries the number.
    [InlineData("wa.me/4915123456789", "DE", "+4915123456789")]
    // Data from elsewhere (issue 17): a "%" earlier in the text hid the next number (every US miss on one corpus).
    [InlineData("100% real pics. call 713 549 9842", "US", "+17135499842")]
    [InlineData("50% off this week +43 676 1234567", null, "+436761234567")]
    [InlineData("$ for a call 713 555 0142", "US", "+17135550142")] // a currency sign with a word after it prices nothing
    // The digits of a handle or profile path right before a number were glued into it.
    [InlineData("telegram @nadialuv2. 7😘0😘4.4️⃣8️⃣9️⃣.9🍑5🍑7🍑3", "US", "+17044899573")]
    [InlineData("instagram.com/larakiss1. (602) 700-8803", "US", "+16027008803")]
    // … also after a cue without '@' or '/', and in names with dots and underscores (the generator's handles).
    [InlineData("kik: daria.lexi78. five zero five six two nine seven two four", "PL", "+48505629724")]
    [InlineData("snap irina_alina88. two two five five five five five seven nine five", "US", "+12255555795")]
    [InlineData("insta @candy.tina33. 0662💋2718💋26", "FR", "+33662271826")]
    public void Extract_FindsTheNumber_HoweverItIsWritten(string text, string? region, string expected) =>
        Assert.Equal([expected], Phones(text, region));

    [Theory]
    [InlineData("Rates 150/hr 250/2hr. I am 24, 5'6, 120 lbs. Available 24/7", "US")] // prices, age, height, weight
    [InlineData("Zip 77002. Open 9-5.", "US")] // post code and hours
    [InlineData("$150 special, 20% off", "US")] // a price after a currency sign and an amount before a percent sign
    [InlineData("posted 2024-05-02 21:14", "US")] // ISO date and time
    [InlineData("available 05/02/2024 only", "US")] // US date
    [InlineData("ab 02.05.2024 in Berlin", "DE")] // German date
    [InlineData("Order #7135550142 shipped", "US")] // an order id
    [InlineData("ID: 7135550142", "US")] // an id label
    [InlineData("ref 0612345678", "NL")]
    [InlineData("only $7135550142", "US")] // an amount
    [InlineData("1715000000", "US")] // a Unix timestamp is not a NANP number (area code 171)
    [InlineData("I have one or two friends", "US")] // digit words in prose
    [InlineData("lol Oil IOU", "US")] // look-alike letters without digits
    [InlineData("12345678901234567890", "US")] // a long id
    [InlineData("100lbs 200kg 300cm 4000yo", "US")] // units glued to digits
    [InlineData("0612345678", null)] // a national number without a region has no country
    [InlineData("0113 496 0000", null)] // nor a national one that begins like 011 (Leeds), read as nothing rather than guessed
    [InlineData("price 500€ 600€ 700€ 800€", "FR")]
    [InlineData("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "US")] // digits inside a wallet
    public void Extract_FindsNoPhone_InThingsThatAreNotPhones(string text, string? region) =>
        Assert.Empty(Phones(text, region));

    [Fact]
    public void A_number_read_in_national_format_names_the_region_it_was_read_in()
    {
        var phone = Assert.Single(SelectorExtractor.ExtractText("bel 06 1234 5678", "NL"), s => s.Kind == SelectorKind.Phone);
        Assert.Equal(("+31612345678", "read as NL"), (phone.Value, phone.Note));
        var international = Assert.Single(SelectorExtractor.ExtractText("bel +31 6 1234 5678", "NL"), s => s.Kind == SelectorKind.Phone);
        Assert.Null(international.Note); // written with its country code: no region was needed
    }

    [Theory]
    [InlineData("DE", "NL", "+4915123456789", "read as DE (record country)")] // the record's own country first
    [InlineData(null, "DE", "+4915123456789", "read as DE (source default)")] // then the connector's phone_region
    [InlineData("Germany", "DE", "+4915123456789", "read as DE (source default)")] // a country that is no ISO code is no region
    [InlineData(null, null, null, null)] // then international forms only: nothing national is guessed
    public void The_region_comes_from_the_record_then_the_source_and_the_note_says_which(string? country, string? sourceRegion,
        string? expected, string? note)
    {
        var record = new SourceRecord
        {
            Key = new RecordKey("s", "1"), Text = "Handy 0151 23456789", Country = country, PhoneRegion = sourceRegion, RawPayload = "{}", Origin = "test",
        };
        var phones = SelectorExtractor.Extract(record).Where(s => s.Kind == SelectorKind.Phone).ToList();
        if (expected is null) Assert.Empty(phones);
        else Assert.Equal((expected, note), (Assert.Single(phones).Value, Assert.Single(phones).Note));
    }

    [Fact]
    public void Extract_SplitsAdjacentNumbers()
    {
        Assert.Equal(["+17135550142", "+15125550177"], Phones("Call (713) 555-0142 or (512) 555-0177.", "US"));
        Assert.Equal(["+17135550142", "+15125550177"], Phones("713 555 0142 512 555 0177", "US"));
    }

    [Fact]
    public void Extract_ReadsANeighboursMobile_WhenTheHomeReadingIsAFixedLine()
    {
        // vipdirectory listing 602: a German mobile in an Austrian ad, next to an Austrian one.
        var phones = Phones("Olena jetzt in Wien! +43 664 1234567 / 0151-23456789", "AT");
        Assert.Contains("+436641234567", phones);
        Assert.Contains("+4915123456789", phones);
    }

    [Fact]
    public void Extract_KeepsTheExactSpan()
    {
        const string text = "Back in Dallas this week!! txt 713.555.O142 - ask for specials.";
        var phone = Assert.Single(SelectorExtractor.ExtractText(text, "US"), s => s.Kind == SelectorKind.Phone);
        Assert.Equal("713.555.O142", phone.Original);
        Assert.Equal(text.IndexOf("713", StringComparison.Ordinal), phone.Start);
        Assert.Equal(phone.Original, text.Substring(phone.Start, phone.Length));
    }

    [Fact]
    public void Extract_SpanOfKeycapDigitsCoversTheEmoji()
    {
        const string text = "5️⃣1️⃣2️⃣ 5️⃣5️⃣5️⃣ 0️⃣1️⃣7️⃣7️⃣";
        var phone = Assert.Single(SelectorExtractor.ExtractText(text, "US"));
        Assert.Equal(0, phone.Start);
        Assert.Equal(text.Length, phone.Length);
    }

    [Theory]
    // A run of numbers with nothing between them was cubic in its length (20 KB of "713 555 0142 " took 18 s of CPU):
    // every number in it must still be found, each once.
    [InlineData("713 555 0142 ", 2000)]
    [InlineData("7135550142 ", 4000)]
    public void Extract_ReadsEveryNumberOfALongRun(string number, int repeats)
    {
        var text = string.Concat(Enumerable.Repeat(number, repeats));
        var phones = SelectorExtractor.ExtractText(text, "US").Where(s => s.Kind == SelectorKind.Phone).ToList();
        Assert.Equal(repeats, phones.Count);
        Assert.All(phones, p => Assert.Equal("+17135550142", p.Value));
    }

    [Theory]
    // Lone surrogates (ad text can hold them) threw from Rune.GetRuneAt and stopped the record's extraction.
    [InlineData("call 713 555 0142 \ud800 now")]
    [InlineData("\udc00call 713\ud800555 0142")]
    public void Extract_ReadsAroundLoneSurrogates(string text) =>
        Assert.Equal(["+17135550142"], Phones(text, "US"));

    [Fact]
    public void Extract_FindsEveryHandleAndUrlOfAPageFullOfThem()
    {
        // Overlap checks were a list scan per match: thousands of handles in one text were quadratic.
        var text = string.Concat(Enumerable.Range(0, 3000).Select(i => $"@name{i} www.site{i}.com "));
        var found = SelectorExtractor.ExtractText(text, "US");
        Assert.Equal(3000, found.Count(s => s.Kind == SelectorKind.Handle));
        Assert.Equal(3000, found.Count(s => s.Kind == SelectorKind.Url));
    }
}
