<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="hi_IN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Spoke Clinic</source>
        <translation>स्पोक क्लिनिक के बारे में</translation>
    </message>
    <message>
        <source>Spoke Clinic %1</source>
        <translation>स्पोक क्लिनिक %1</translation>
    </message>
    <message>
        <source>Spoke Clinic is free software under the GNU General Public License, version 3 or later. It includes FFmpeg built with x264 (GPL) and the third-party components listed below; select one to read its licence.</source>
        <translation>स्पोक क्लिनिक GNU जनरल पब्लिक लाइसेंस, संस्करण 3 या उसके बाद के संस्करण के अंतर्गत मुक्त सॉफ़्टवेयर है। इसमें x264 (GPL) के साथ बना FFmpeg और नीचे सूचीबद्ध तृतीय-पक्ष घटक शामिल हैं; किसी घटक का लाइसेंस पढ़ने के लिए उसे चुनें।</translation>
    </message>
    <message>
        <source>The licence texts could not be read: %1</source>
        <translation>लाइसेंस के पाठ पढ़े नहीं जा सके: %1</translation>
    </message>
</context>
<context>
    <name>CapturePanel</name>
    <message>
        <source>Camera not found. Check that it is plugged in; the picture comes back by itself.</source>
        <translation>कैमरा नहीं मिला। जाँचें कि वह लगा हुआ है; तस्वीर अपने आप लौट आएगी।</translation>
    </message>
    <message>
        <source>The camera is in use by another program. Close that program; the picture comes back by itself.</source>
        <translation>कैमरा किसी दूसरे प्रोग्राम में इस्तेमाल हो रहा है। वह प्रोग्राम बंद करें; तस्वीर अपने आप लौट आएगी।</translation>
    </message>
    <message>
        <source>The camera was disconnected. Waiting for it to come back...</source>
        <translation>कैमरा निकल गया। उसके वापस जुड़ने की प्रतीक्षा है...</translation>
    </message>
    <message>
        <source>The camera stopped sending pictures. Waiting...</source>
        <translation>कैमरे ने तस्वीर भेजना बंद कर दिया है। प्रतीक्षा है...</translation>
    </message>
    <message>
        <source>Recording stopped: the recording could not be saved.</source>
        <translation>रिकॉर्डिंग रुक गई: रिकॉर्डिंग सहेजी नहीं जा सकी।</translation>
    </message>
    <message>
        <source>Camera and recording</source>
        <translation>कैमरा और रिकॉर्डिंग</translation>
    </message>
    <message>
        <source>Picture size</source>
        <translation>तस्वीर का आकार</translation>
    </message>
    <message>
        <source>Recording quality</source>
        <translation>रिकॉर्डिंग की गुणवत्ता</translation>
    </message>
    <message>
        <source>Low bandwidth (360p)</source>
        <translation>कम बैंडविड्थ (360p)</translation>
    </message>
    <message>
        <source>Standard (480p)</source>
        <translation>सामान्य (480p)</translation>
    </message>
    <message>
        <source>High (720p)</source>
        <translation>उच्च (720p)</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>माइक्रोफ़ोन</translation>
    </message>
    <message>
        <source>Take snapshot</source>
        <translation>तस्वीर लें</translation>
    </message>
    <message>
        <source>Stop recording</source>
        <translation>रिकॉर्डिंग रोकें</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>रिकॉर्ड करें</translation>
    </message>
    <message>
        <source>Recording needs the patient&apos;s consent to record, on file.</source>
        <translation>रिकॉर्डिंग के लिए मरीज़ की रिकॉर्डिंग सहमति दर्ज होनी चाहिए।</translation>
    </message>
    <message>
        <source>Demo mode: the camera shows a test pattern.</source>
        <translation>डेमो मोड: कैमरा एक परीक्षण पैटर्न दिखा रहा है।</translation>
    </message>
</context>
<context>
    <name>ComponentModel</name>
    <message>
        <source>Component</source>
        <translation>घटक</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>संस्करण</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>लाइसेंस</translation>
    </message>
</context>
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
    <name>LevelMeter</name>
    <message>
        <source>Microphone level</source>
        <translation>माइक्रोफ़ोन का स्तर</translation>
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
    <name>PlayerWidget</name>
    <message>
        <source>Export recording</source>
        <translation>रिकॉर्डिंग निर्यात करें</translation>
    </message>
    <message>
        <source>MP4 video (*.mp4)</source>
        <translation>MP4 वीडियो (*.mp4)</translation>
    </message>
    <message>
        <source>Exported. The exported file is not encrypted: keep it safe.</source>
        <translation>निर्यात हो गया। निर्यात की गई फ़ाइल एन्क्रिप्टेड नहीं है: इसे सुरक्षित रखें।</translation>
    </message>
    <message>
        <source>The recording could not be exported.</source>
        <translation>रिकॉर्डिंग निर्यात नहीं हो सकी।</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>रोकें</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>चलाएँ</translation>
    </message>
    <message>
        <source>Export as MP4...</source>
        <translation>MP4 के रूप में निर्यात करें...</translation>
    </message>
    <message>
        <source>Saves an unencrypted copy; the export is recorded in the audit log.</source>
        <translation>बिना एन्क्रिप्शन की प्रति सहेजता है; निर्यात ऑडिट लॉग में दर्ज होता है।</translation>
    </message>
</context>
<context>
    <name>PreviewWidget</name>
    <message>
        <source>TEST PATTERN - not a real camera</source>
        <translation>परीक्षण पैटर्न - असली कैमरा नहीं</translation>
    </message>
    <message>
        <source>Camera preview</source>
        <translation>कैमरा पूर्वावलोकन</translation>
    </message>
</context>
<context>
    <name>RecordingIndicator</name>
    <message>
        <source>REC %1</source>
        <translation>रिकॉर्डिंग %1</translation>
    </message>
    <message>
        <source>This consult is being recorded</source>
        <translation>यह परामर्श रिकॉर्ड हो रहा है</translation>
    </message>
    <message>
        <source>Not recording</source>
        <translation>रिकॉर्डिंग नहीं हो रही</translation>
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
