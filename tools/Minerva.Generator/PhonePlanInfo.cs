namespace Minerva.Generator;

/// <summary>What the generator needs to make a valid number for a country: code, trunk and a mobile NSN shape.</summary>
/// <param name="Country">ISO alpha-2.</param>
/// <param name="Code">Calling code.</param>
/// <param name="Trunk">National trunk prefix ("" where none).</param>
/// <param name="MobilePrefixes">Leading digits of mobile NSNs.</param>
/// <param name="NsnLength">Length of a mobile NSN.</param>
/// <param name="Cities">Cities ads of this country name.</param>
public sealed record PhonePlanInfo(string Country, string Code, string Trunk, string[] MobilePrefixes, int NsnLength, string[] Cities)
{
    private static readonly string[] UsAreaCodes = "201 202 203 205 206 207 208 209 210 212 213 214 215 216 217 218 219 224 225 228 229 231 234 239 240 248 251 252 253 254 256 260 262 267 269 270 276 281 301 302 303 304 305 307 308 309 310 312 313 314 315 316 317 318 319 320 321 323 325 330 334 336 337 339 347 351 352 360 361 386 401 402 404 405 406 407 408 409 410 412 413 414 415 417 419 423 424 425 432 434 435 440 443 469 478 479 480 484 501 502 503 504 505 507 508 509 510 512 513 515 516 517 518 520 530 540 541 559 561 562 563 567 570 571 573 574 580 585 586 601 602 603 605 606 607 608 609 610 612 614 615 616 617 618 619 620 623 626 630 631 636 641 646 650 651 660 661 662 678 682 701 702 703 704 706 707 708 712 713 714 715 716 717 718 719 720 724 727 731 732 734 740 754 757 760 763 765 770 772 773 774 775 781 785 786 801 802 803 804 805 806 808 810 812 813 814 815 816 817 818 828 830 831 832 843 845 847 848 850 856 857 858 859 860 862 863 864 865 870 878 901 903 904 906 907 908 909 910 912 913 914 915 916 917 918 919 920 925 928 931 936 937 940 941 947 949 951 952 954 956 970 971 972 973 978 979 980 985 989".Split(' ');

    /// <summary>The countries the generator writes ads for, with how often (weights).</summary>
    public static readonly (PhonePlanInfo Plan, int Weight)[] All =
    [
        (new("US", "1", "", UsAreaCodes, 10,
            ["Houston", "Dallas", "Austin", "San Antonio", "Miami", "Las Vegas", "Atlanta", "Chicago", "San Francisco", "Los Angeles", "New York", "Boston"]), 60),
        (new("NL", "31", "0", ["61", "62", "63", "64", "65"], 9, ["Amsterdam", "Rotterdam", "Utrecht", "The Hague", "Eindhoven"]), 8),
        (new("DE", "49", "0", ["151", "152", "157", "160", "170", "171", "176"], 11, ["Berlin", "Hamburg", "Munich", "Cologne", "Frankfurt"]), 10),
        (new("GB", "44", "0", ["71", "73", "74", "75", "77", "78", "79"], 10, ["London", "Manchester", "Birmingham", "Leeds", "Glasgow"]), 8),
        (new("FR", "33", "0", ["6", "7"], 9, ["Paris", "Lyon", "Marseille", "Nice", "Lille"]), 5),
        (new("AT", "43", "0", ["650", "660", "664", "676", "699"], 10, ["Vienna", "Graz", "Linz", "Salzburg"]), 3),
        (new("PL", "48", "", ["50", "51", "53", "60", "66", "69", "72", "78", "88"], 9, ["Warsaw", "Krakow", "Gdansk", "Wroclaw"]), 3),
        (new("RO", "40", "0", ["72", "74", "75", "76", "78"], 9, ["Bucharest", "Cluj-Napoca", "Timisoara", "Iasi"]), 3),
    ];

    /// <summary>A random valid mobile NSN; US numbers use the 555 exchange, which is not assigned to subscribers.</summary>
    public string NewNsn(Random random)
    {
        if (Code == "1")
            return MobilePrefixes[random.Next(MobilePrefixes.Length)] + "555" + random.Next(10_000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
        var prefix = MobilePrefixes[random.Next(MobilePrefixes.Length)];
        var rest = NsnLength - prefix.Length;
        return prefix + string.Concat(Enumerable.Range(0, rest).Select(_ => (char)('0' + random.Next(10))));
    }
}
