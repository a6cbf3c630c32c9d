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
    <name>AccountPage</name>
    <message>
        <source>First account</source>
        <translation>पहला खाता</translation>
    </message>
    <message>
        <source>This person can sign in and add the other operators and doctors.</source>
        <translation>यह व्यक्ति साइन इन कर सकता है और बाकी ऑपरेटर और डॉक्टर जोड़ सकता है।</translation>
    </message>
    <message>
        <source>Operator (CHO)</source>
        <translation>ऑपरेटर (सीएचओ)</translation>
    </message>
    <message>
        <source>Doctor</source>
        <translation>डॉक्टर</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>प्रशासक</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>पूरा नाम</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>यूज़रनेम</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>भूमिका</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>पासवर्ड</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>पासवर्ड दोबारा</translation>
    </message>
    <message>
        <source>A password needs at least {n} characters.</source>
        <translation>पासवर्ड में कम से कम {n} अक्षर होने चाहिए।</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>दोनों पासवर्ड एक जैसे नहीं हैं।</translation>
    </message>
    <message>
        <source>Setting up the encrypted storage…</source>
        <translation>एन्क्रिप्टेड भंडारण तैयार किया जा रहा है…</translation>
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
    <name>FacilityPage</name>
    <message>
        <source>Your health facility</source>
        <translation>आपकी स्वास्थ्य सुविधा</translation>
    </message>
    <message>
        <source>These details appear on prescriptions and in reports.</source>
        <translation>ये विवरण पर्चों और रिपोर्टों पर दिखते हैं।</translation>
    </message>
    <message>
        <source>Facility ID (HFR), if you have one</source>
        <translation>सुविधा आईडी (HFR), यदि आपके पास है</translation>
    </message>
    <message>
        <source>Spoke (Health and Wellness Centre)</source>
        <translation>स्पोक (हेल्थ एंड वेलनेस सेंटर)</translation>
    </message>
    <message>
        <source>Hub (doctors)</source>
        <translation>हब (डॉक्टर)</translation>
    </message>
    <message>
        <source>Facility name</source>
        <translation>सुविधा का नाम</translation>
    </message>
    <message>
        <source>Facility ID</source>
        <translation>सुविधा आईडी</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>प्रकार</translation>
    </message>
    <message>
        <source>State</source>
        <translation>राज्य</translation>
    </message>
    <message>
        <source>District</source>
        <translation>ज़िला</translation>
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
    <name>LockScreen</name>
    <message>
        <source>Password</source>
        <translation>पासवर्ड</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>अनलॉक करें</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>साइन आउट</translation>
    </message>
    <message>
        <source>Locked. {name}, type your password to go on.</source>
        <translation>लॉक है। {name}, आगे बढ़ने के लिए अपना पासवर्ड लिखें।</translation>
    </message>
    <message>
        <source>Unlocking failed: the clinic&apos;s data could not be read.</source>
        <translation>अनलॉक नहीं हो सका: क्लिनिक का डेटा पढ़ा नहीं जा सका।</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Sign in to Spoke Clinic</source>
        <translation>स्पोक क्लिनिक में साइन इन करें</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>साइन इन</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>यूज़रनेम</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>पासवर्ड</translation>
    </message>
    <message>
        <source>Please type your username and password.</source>
        <translation>कृपया अपना यूज़रनेम और पासवर्ड लिखें।</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>जाँच हो रही है…</translation>
    </message>
    <message>
        <source>Signing in failed: the clinic&apos;s data could not be read.</source>
        <translation>साइन इन नहीं हो सका: क्लिनिक का डेटा पढ़ा नहीं जा सका।</translation>
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
    <name>RecoveryPage</name>
    <message>
        <source>Your recovery code</source>
        <translation>आपका रिकवरी कोड</translation>
    </message>
    <message>
        <source>This code is shown only now. Without it, the clinic&apos;s data cannot be opened on a new or repaired computer. Print the sheet or write the code down, and keep it locked away.</source>
        <translation>यह कोड केवल अभी दिखाया जा रहा है। इसके बिना क्लिनिक का डेटा नए या ठीक किए गए कंप्यूटर पर नहीं खुल सकता। शीट प्रिंट करें या कोड लिख लें, और उसे ताले में सुरक्षित रखें।</translation>
    </message>
    <message>
        <source>Print recovery sheet…</source>
        <translation>रिकवरी शीट प्रिंट करें…</translation>
    </message>
    <message>
        <source>I have printed or written down the recovery code</source>
        <translation>मैंने रिकवरी कोड प्रिंट कर लिया है या लिख लिया है</translation>
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
    <name>SetupWizard</name>
    <message>
        <source>Set up Spoke Clinic</source>
        <translation>स्पोक क्लिनिक सेट अप करें</translation>
    </message>
    <message>
        <source>Set-up failed. Nothing was saved; please try again.</source>
        <translation>सेट-अप नहीं हो सका। कुछ भी सहेजा नहीं गया; कृपया फिर से कोशिश करें।</translation>
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
    <name>StorageMessages</name>
    <message>
        <source>Too many wrong passwords. This account is locked until {time}. Ask another user to help, or wait.</source>
        <translation>बहुत बार गलत पासवर्ड डाला गया। यह खाता {time} तक लॉक है। किसी दूसरे उपयोगकर्ता से मदद लें, या प्रतीक्षा करें।</translation>
    </message>
    <message>
        <source>This account has been switched off. Ask your administrator.</source>
        <translation>यह खाता बंद कर दिया गया है। अपने प्रशासक से पूछें।</translation>
    </message>
    <message>
        <source>Wrong username or password. Check Caps Lock and try again.</source>
        <translation>यूज़रनेम या पासवर्ड गलत है। Caps Lock जाँचें और फिर से कोशिश करें।</translation>
    </message>
    <message>
        <source>This computer has no secure password store (keyring), so the clinic&apos;s data cannot be opened safely. The app will not store patient data without one.</source>
        <translation>इस कंप्यूटर में कोई सुरक्षित पासवर्ड भंडार (कीरिंग) नहीं है, इसलिए क्लिनिक का डेटा सुरक्षित रूप से नहीं खोला जा सकता। इसके बिना ऐप मरीज़ों का डेटा नहीं रखेगा।</translation>
    </message>
    <message>
        <source>On Windows, make sure you are logged in to your own Windows account. On Linux, log in to a desktop session that runs GNOME Keyring or KWallet, then start the app again.</source>
        <translation>Windows पर, पक्का करें कि आप अपने Windows खाते में लॉग इन हैं। Linux पर, ऐसे डेस्कटॉप सत्र में लॉग इन करें जिसमें GNOME Keyring या KWallet चलता हो, फिर ऐप दोबारा शुरू करें।</translation>
    </message>
    <message>
        <source>The computer&apos;s password store (keyring) is locked, so the app cannot read its key.</source>
        <translation>कंप्यूटर का पासवर्ड भंडार (कीरिंग) लॉक है, इसलिए ऐप अपनी कुंजी नहीं पढ़ सकता।</translation>
    </message>
    <message>
        <source>Unlock the keyring (usually by logging in to the computer again with your own password), then start the app again. Your data is safe and has not been changed.</source>
        <translation>कीरिंग अनलॉक करें (आमतौर पर अपने पासवर्ड से कंप्यूटर में दोबारा लॉग इन करके), फिर ऐप दोबारा शुरू करें। आपका डेटा सुरक्षित है और उसमें कोई बदलाव नहीं हुआ है।</translation>
    </message>
    <message>
        <source>The key for this clinic&apos;s data is missing from the computer&apos;s password store. The data is still here and safe, but it cannot be opened without its key.</source>
        <translation>इस क्लिनिक के डेटा की कुंजी कंप्यूटर के पासवर्ड भंडार में नहीं है। डेटा अभी भी यहीं है और सुरक्षित है, लेकिन कुंजी के बिना खुल नहीं सकता।</translation>
    </message>
    <message>
        <source>Choose &apos;Restore with recovery code&apos; and type the recovery code from the recovery sheet printed when the app was set up. Do not set up a new clinic: that would not bring the data back.</source>
        <translation>&apos;रिकवरी कोड से वापस लाएँ&apos; चुनें और ऐप सेट अप करते समय प्रिंट की गई रिकवरी शीट से रिकवरी कोड लिखें। नया क्लिनिक सेट अप न करें: उससे डेटा वापस नहीं आएगा।</translation>
    </message>
    <message>
        <source>The key in the computer&apos;s password store does not open this clinic&apos;s data. The data has not been changed.</source>
        <translation>कंप्यूटर के पासवर्ड भंडार में रखी कुंजी से इस क्लिनिक का डेटा नहीं खुलता। डेटा में कोई बदलाव नहीं हुआ है।</translation>
    </message>
    <message>
        <source>Choose &apos;Restore with recovery code&apos; and type the recovery code from the recovery sheet. If you copied the data from another computer, use that clinic&apos;s recovery code.</source>
        <translation>&apos;रिकवरी कोड से वापस लाएँ&apos; चुनें और रिकवरी शीट से रिकवरी कोड लिखें। अगर आपने डेटा किसी दूसरे कंप्यूटर से कॉपी किया है, तो उस क्लिनिक का रिकवरी कोड इस्तेमाल करें।</translation>
    </message>
    <message>
        <source>The clinic&apos;s database file is missing from this profile.</source>
        <translation>इस प्रोफ़ाइल में क्लिनिक की डेटाबेस फ़ाइल नहीं है।</translation>
    </message>
    <message>
        <source>Restore the profile folder from your backup copy. The app will not create an empty database over a profile that was already set up.</source>
        <translation>अपनी बैकअप कॉपी से प्रोफ़ाइल फ़ोल्डर वापस लाएँ। पहले से सेट अप की गई प्रोफ़ाइल पर ऐप खाली डेटाबेस नहीं बनाएगा।</translation>
    </message>
    <message>
        <source>This clinic&apos;s data was saved by a newer version of Spoke Clinic. This older version will not open it, so nothing in it is changed.</source>
        <translation>इस क्लिनिक का डेटा स्पोक क्लिनिक के नए संस्करण ने सहेजा है। यह पुराना संस्करण उसे नहीं खोलेगा, इसलिए उसमें कुछ नहीं बदला गया है।</translation>
    </message>
    <message>
        <source>Install the newest version of Spoke Clinic, then start it again.</source>
        <translation>स्पोक क्लिनिक का नवीनतम संस्करण इंस्टॉल करें, फिर उसे दोबारा शुरू करें।</translation>
    </message>
    <message>
        <source>The disk is full, so the last change could not be saved. Earlier data is safe.</source>
        <translation>डिस्क भर गई है, इसलिए पिछला बदलाव सहेजा नहीं जा सका। पहले का डेटा सुरक्षित है।</translation>
    </message>
    <message>
        <source>Free some space on the disk (delete old downloads or videos), then try again.</source>
        <translation>डिस्क पर कुछ जगह खाली करें (पुराने डाउनलोड या वीडियो हटाएँ), फिर दोबारा कोशिश करें।</translation>
    </message>
    <message>
        <source>That recovery code does not open this clinic&apos;s data.</source>
        <translation>उस रिकवरी कोड से इस क्लिनिक का डेटा नहीं खुलता।</translation>
    </message>
    <message>
        <source>Check the code on the printed recovery sheet and type it again (dashes optional).</source>
        <translation>प्रिंट की गई रिकवरी शीट पर कोड जाँचें और उसे दोबारा लिखें (डैश ज़रूरी नहीं)।</translation>
    </message>
    <message>
        <source>The clinic&apos;s data could not be opened.</source>
        <translation>क्लिनिक का डेटा नहीं खोला जा सका।</translation>
    </message>
    <message>
        <source>Close the app and start it again. If this keeps happening, call support.</source>
        <translation>ऐप बंद करके दोबारा शुरू करें। अगर ऐसा बार-बार हो, तो सहायता से संपर्क करें।</translation>
    </message>
</context>
<context>
    <name>StorageProblemDialog</name>
    <message>
        <source>Spoke Clinic cannot open the clinic&apos;s data</source>
        <translation>स्पोक क्लिनिक, क्लिनिक का डेटा नहीं खोल पा रहा है</translation>
    </message>
    <message>
        <source>Recovery code, e.g. ABCDE-FGHJK-…</source>
        <translation>रिकवरी कोड, जैसे ABCDE-FGHJK-…</translation>
    </message>
    <message>
        <source>Restore with recovery code</source>
        <translation>रिकवरी कोड से वापस लाएँ</translation>
    </message>
    <message>
        <source>Checking the recovery code…</source>
        <translation>रिकवरी कोड की जाँच हो रही है…</translation>
    </message>
    <message>
        <source>The keys could not be restored.</source>
        <translation>कुंजियाँ वापस नहीं लाई जा सकीं।</translation>
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
