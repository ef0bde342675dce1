namespace Minerva.Generator;

/// <summary>Text the generated ads are assembled from. Generic phrases recur across unrelated networks on purpose.</summary>
internal static class Phrases
{
    public static readonly string[] Names =
    [
        "Mia", "Lexi", "Anna", "Katya", "Olena", "Irina", "Sasha", "Lily", "Jade", "Nina", "Bella", "Kira", "Lena", "Eva", "Maya",
        "Sofia", "Daria", "Vika", "Alina", "Luna", "Chloe", "Ruby", "Tina", "Nadia", "Yana", "Zoe", "Amber", "Candy", "Ivy", "Rosa",
    ];

    public static readonly string[] Generic =
    [
        "New in town", "100% real pics", "Available 24/7", "Incalls and outcalls", "No rush, all about you", "Discreet and clean",
        "Just arrived this week", "Upscale gentlemen only", "Sweet and friendly", "Satisfaction guaranteed",
    ];

    /// <summary>Whole bios that strangers write word for word: identical text that is no evidence of one person.</summary>
    public static readonly string[] StockBios =
    [
        "student", "serious only", "booking info below", "dm for rates", "link in bio", "new here", "just me", "travel lover",
        "no time wasters", "available now",
    ];

    public static readonly string[] Openers =
    [
        "Hi gentlemen, {0} here", "Hello boys, my name is {0}", "{0} is back in {1}", "Sweet {0} visiting {1}", "Your new favourite, {0}",
        "{0} just landed in {1}", "Meet {0}, fresh face in {1}", "Hey loves, it's {0}",
    ];

    public static readonly string[] Middles =
    [
        "I am sweet, playful and easy going, and I love to make new friends.",
        "Let me help you relax after a long day at work, you will not regret it.",
        "Private apartment close to downtown, safe and easy parking available.",
        "Only respectful men please, no games and no time wasters.",
        "Ask about my specials when you call, limited time this week only.",
        "I travel a lot so catch me while I am here in the city.",
        "Real photos, what you see is what you get, no surprises.",
        "Hotel friendly, I can come to you anywhere in the area.",
        "Book early because my schedule fills up fast every night.",
        "Clean, classy and always on time for every appointment.",
    ];

    public static readonly string[] Calls = ["Call or text", "Text me at", "txt", "Call", "Contact", "WhatsApp", "Reach me on", "Bookings:"];

    public static readonly string[] Sites = ["citypulse", "nightlist", "escortfinder", "backpages", "vipdirectory"];

    public static readonly string[] MailDomains = ["gmail.com", "protonmail.com", "outlook.com", "yahoo.com"];

    public static readonly string[] HandlePlatforms = ["instagram", "snapchat", "telegram", "kik"];
}
