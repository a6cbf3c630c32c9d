<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="hi_IN">
<context>
    <name>CrashReportDialog</name>
    <message>
        <source>Spoke Clinic closed unexpectedly</source>
        <translation>स्पोक क्लिनिक अचानक बंद हो गया</translation>
    </message>
    <message>
        <source>Spoke Clinic closed unexpectedly last time. Your saved work is safe. This report contains no patient data; you can copy it for your support team.</source>
        <translation>पिछली बार स्पोक क्लिनिक अचानक बंद हो गया था। आपका सहेजा गया काम सुरक्षित है। इस रिपोर्ट में मरीज़ का कोई डेटा नहीं है; आप इसे अपनी सहायता टीम के लिए कॉपी कर सकते हैं।</translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation>रिपोर्ट कॉपी करें</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>Welcome to Spoke Clinic</source>
        <translation>स्पोक क्लिनिक में आपका स्वागत है</translation>
    </message>
    <message>
        <source>Today is %1</source>
        <translation>आज %1 है</translation>
    </message>
    <message>
        <source>Register patients, record vitals and consent, and consult a hub doctor over video. Everything is saved on this PC first and reaches the hub when the network allows.</source>
        <translation>मरीज़ों का पंजीकरण करें, वाइटल्स और सहमति दर्ज करें, और वीडियो पर हब डॉक्टर से परामर्श लें। सब कुछ पहले इसी पीसी पर सहेजा जाता है और नेटवर्क मिलने पर हब तक पहुँचता है।</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>%1 — teleconsultation</source>
        <translation>%1 — टेलीपरामर्श</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>सेटिंग्स</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>भाषा</translation>
    </message>
    <message>
        <source>Temperature unit</source>
        <translation>तापमान की इकाई</translation>
    </message>
    <message>
        <source>Lock after idle</source>
        <translation>निष्क्रिय रहने पर लॉक</translation>
    </message>
    <message>
        <source>min</source>
        <translation>मिनट</translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <source>Home</source>
        <translation>मुखपृष्ठ</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>सेटिंग्स</translation>
    </message>
    <message>
        <source>Demo spoke</source>
        <translation>डेमो स्पोक</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <source>Not connected to a hub</source>
        <translation>किसी हब से नहीं जुड़ा</translation>
    </message>
    <message>
        <source>Offline: work is saved on this PC</source>
        <translation>ऑफ़लाइन: काम इसी पीसी पर सहेजा गया है</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>ऑनलाइन</translation>
    </message>
    <message numerus="yes">
        <source>Syncing %n item(s)</source>
        <translation>
            <numerusform>%n आइटम सिंक हो रहे हैं</numerusform>
            <numerusform>%n आइटम सिंक हो रहे हैं</numerusform>
        </translation>
    </message>
    <message>
        <source>last synced %1</source>
        <translation>अंतिम सिंक %1</translation>
    </message>
</context>
</TS>