<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="hi_IN">
<context>
    <name>AbhaQrReader</name>
    <message>
        <source>Picture of the ABHA QR</source>
        <translation>आभा QR का चित्र</translation>
    </message>
    <message>
        <source>Pictures (*.png *.jpg *.jpeg *.bmp)</source>
        <translation>चित्र (*.png *.jpg *.jpeg *.bmp)</translation>
    </message>
</context>
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
    <name>AccountMessages</name>
    <message>
        <source>A password needs at least {minimum} characters.</source>
        <translation>पासवर्ड में कम से कम {minimum} अक्षर होने चाहिए।</translation>
    </message>
    <message>
        <source>A username needs 1 to 64 letters or digits, without spaces.</source>
        <translation>यूज़रनेम में 1 से 64 अक्षर या अंक हों, बिना खाली जगह के।</translation>
    </message>
    <message>
        <source>No such account.</source>
        <translation>ऐसा कोई खाता नहीं है।</translation>
    </message>
    <message>
        <source>Only an administrator can change accounts.</source>
        <translation>खाते केवल एडमिनिस्ट्रेटर बदल सकते हैं।</translation>
    </message>
    <message>
        <source>Please give the person's name.</source>
        <translation>कृपया व्यक्ति का नाम लिखें।</translation>
    </message>
    <message>
        <source>That username is already taken.</source>
        <translation>यह यूज़रनेम पहले से किसी और का है।</translation>
    </message>
    <message>
        <source>The change could not be saved.</source>
        <translation>बदलाव सहेजा नहीं जा सका।</translation>
    </message>
    <message>
        <source>Unknown role.</source>
        <translation>अनजानी भूमिका।</translation>
    </message>
    <message>
        <source>You cannot switch off your own account.</source>
        <translation>आप अपना ही खाता बंद नहीं कर सकते।</translation>
    </message>
</context>
<context>
    <name>AccountPage</name>
    <message>
        <source>A password needs at least {n} characters.</source>
        <translation>पासवर्ड में कम से कम {n} अक्षर होने चाहिए।</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>प्रशासक</translation>
    </message>
    <message>
        <source>First account</source>
        <translation>पहला खाता</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>पूरा नाम</translation>
    </message>
    <message>
        <source>Operator (CHO)</source>
        <translation>ऑपरेटर (सीएचओ)</translation>
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
        <source>Role</source>
        <translation>भूमिका</translation>
    </message>
    <message>
        <source>Setting up the encrypted storage…</source>
        <translation>एन्क्रिप्टेड भंडारण तैयार किया जा रहा है…</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>दोनों पासवर्ड एक जैसे नहीं हैं।</translation>
    </message>
    <message>
        <source>This person can sign in and add the other operators and doctors.</source>
        <translation>यह व्यक्ति साइन इन कर सकता है और बाकी ऑपरेटर और डॉक्टर जोड़ सकता है।</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>यूज़रनेम</translation>
    </message>
</context>
<context>
    <name>AccountTableModel</name>
    <message>
        <source>Active</source>
        <translation>चालू</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>प्रशासक</translation>
    </message>
    <message>
        <source>Doctor</source>
        <translation>डॉक्टर</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>नाम</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>ऑपरेटर</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>भूमिका</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>स्थिति</translation>
    </message>
    <message>
        <source>Switched off</source>
        <translation>बंद</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>यूज़रनेम</translation>
    </message>
    <message>
        <source>{status}, manages accounts</source>
        <translation>{status}, खाते सँभालते हैं</translation>
    </message>
</context>
<context>
    <name>AccountsDialog</name>
    <message>
        <source>Account added.</source>
        <translation>खाता जोड़ दिया गया।</translation>
    </message>
    <message>
        <source>Account changed.</source>
        <translation>खाता बदल दिया गया।</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>खाते</translation>
    </message>
    <message>
        <source>Add account</source>
        <translation>खाता जोड़ें</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>प्रशासक</translation>
    </message>
    <message>
        <source>Doctor</source>
        <translation>डॉक्टर</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>पूरा नाम</translation>
    </message>
    <message>
        <source>May manage accounts</source>
        <translation>खाते सँभाल सकते हैं</translation>
    </message>
    <message>
        <source>New password for {name}:</source>
        <translation>{name} के लिए नया पासवर्ड:</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>ऑपरेटर</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>पासवर्ड</translation>
    </message>
    <message>
        <source>Password changed.</source>
        <translation>पासवर्ड बदल दिया गया।</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>भूमिका</translation>
    </message>
    <message>
        <source>Set new password</source>
        <translation>नया पासवर्ड सेट करें</translation>
    </message>
    <message>
        <source>Set new password…</source>
        <translation>नया पासवर्ड सेट करें…</translation>
    </message>
    <message>
        <source>Switch off / on</source>
        <translation>बंद / चालू करें</translation>
    </message>
    <message>
        <source>The change could not be saved.</source>
        <translation>बदलाव सहेजा नहीं जा सका।</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>यूज़रनेम</translation>
    </message>
</context>
<context>
    <name>AddendumBox</name>
    <message>
        <source>Add addendum</source>
        <translation>परिशिष्ट जोड़ें</translation>
    </message>
    <message>
        <source>Addendum</source>
        <translation>परिशिष्ट</translation>
    </message>
    <message>
        <source>The record is locked once sent. Add what changed here.</source>
        <translation>भेजने के बाद रिकॉर्ड लॉक हो जाता है। जो बदला, यहाँ जोड़ें।</translation>
    </message>
</context>
<context>
    <name>AttachmentsPanel</name>
    <message>
        <source>Add picture or PDF… (Ctrl+O)</source>
        <translation>चित्र या PDF जोड़ें… (Ctrl+O)</translation>
    </message>
    <message>
        <source>Attach a picture or PDF</source>
        <translation>चित्र या PDF संलग्न करें</translation>
    </message>
    <message>
        <source>Only pictures (PNG, JPEG) and PDFs can be attached.</source>
        <translation>केवल चित्र (PNG, JPEG) और PDF ही संलग्न किए जा सकते हैं।</translation>
    </message>
    <message>
        <source>Pictures and PDFs (*.png *.jpg *.jpeg *.pdf)</source>
        <translation>चित्र और PDF (*.png *.jpg *.jpeg *.pdf)</translation>
    </message>
    <message>
        <source>Stored encrypted on this computer; sent with the consult.</source>
        <translation>इस कंप्यूटर पर एन्क्रिप्ट करके रखा जाता है; परामर्श के साथ भेजा जाता है।</translation>
    </message>
</context>
<context>
    <name>CallButton</name>
    <message>
        <source>Check camera and connection</source>
        <translation>कैमरा और कनेक्शन जाँचें</translation>
    </message>
    <message>
        <source>The doctor</source>
        <translation>डॉक्टर</translation>
    </message>
    <message>
        <source>%1 is calling - Accept</source>
        <translation>%1 कॉल कर रहे हैं - स्वीकार करें</translation>
    </message>
    <message>
        <source>Video call with the doctor</source>
        <translation>डॉक्टर से वीडियो कॉल</translation>
    </message>
</context>
<context>
    <name>CallChatBox</name>
    <message>
        <source>Chat during the call</source>
        <translation>कॉल के दौरान चैट</translation>
    </message>
</context>
<context>
    <name>CallStill</name>
    <message>
        <source>Still picture from the call</source>
        <translation>कॉल से ली गई स्थिर तस्वीर</translation>
    </message>
</context>
<context>
    <name>CallWindow</name>
    <message>
        <source>Camera off</source>
        <translation>कैमरा बंद</translation>
    </message>
    <message>
        <source>the doctor</source>
        <translation>डॉक्टर</translation>
    </message>
    <message>
        <source>the clinic</source>
        <translation>क्लिनिक</translation>
    </message>
    <message>
        <source>the clinic (%1)</source>
        <translation>क्लिनिक (%1)</translation>
    </message>
    <message>
        <source>Waiting for %1 to join the call...</source>
        <translation>%1 के कॉल में जुड़ने की प्रतीक्षा...</translation>
    </message>
    <message>
        <source>%1 is calling. Press Accept to answer.</source>
        <translation>%1 कॉल कर रहे हैं। जवाब देने के लिए स्वीकार करें दबाएँ।</translation>
    </message>
    <message>
        <source>Ringing %1...</source>
        <translation>%1 को घंटी जा रही है...</translation>
    </message>
    <message>
        <source>Connecting...</source>
        <translation>जुड़ रहा है...</translation>
    </message>
    <message>
        <source>Connected with %1</source>
        <translation>%1 से जुड़े हैं</translation>
    </message>
    <message>
        <source>Connection lost. Reconnecting...</source>
        <translation>कनेक्शन टूट गया। फिर से जोड़ रहे हैं...</translation>
    </message>
    <message>
        <source>Call ended</source>
        <translation>कॉल समाप्त</translation>
    </message>
    <message>
        <source>Doctor</source>
        <translation>डॉक्टर</translation>
    </message>
    <message>
        <source>You</source>
        <translation>आप</translation>
    </message>
    <message>
        <source>Clinic</source>
        <translation>क्लिनिक</translation>
    </message>
    <message>
        <source>Audio only with %1 — the link cannot carry video</source>
        <translation>%1 से केवल आवाज़ — कनेक्शन वीडियो नहीं ले जा सकता</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>अज्ञात</translation>
    </message>
    <message>
        <source>Round trip: %1</source>
        <translation>आने-जाने का समय: %1</translation>
    </message>
    <message>
        <source>Loss: %1 %</source>
        <translation>खोए पैकेट: %1 %</translation>
    </message>
    <message>
        <source>Sent: %1 kbit/s, received: %2 kbit/s</source>
        <translation>भेजा: %1 kbit/s, प्राप्त: %2 kbit/s</translation>
    </message>
    <message>
        <source>Pictures a second: %1</source>
        <translation>प्रति सेकंड चित्र: %1</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>मरीज़</translation>
    </message>
    <message>
        <source>Video consult: %1 with %2</source>
        <translation>वीडियो परामर्श: %1, मरीज़ %2</translation>
    </message>
    <message>
        <source>The hub did not accept this sign-in. Sign in again.</source>
        <translation>हब ने यह साइन-इन स्वीकार नहीं किया। फिर से साइन इन करें।</translation>
    </message>
    <message>
        <source>This consult's call is not open to you.</source>
        <translation>इस परामर्श की कॉल आपके लिए खुली नहीं है।</translation>
    </message>
    <message>
        <source>The hub could not be reached. Check the connection and try again.</source>
        <translation>हब से संपर्क नहीं हो सका। कनेक्शन जाँचें और फिर से कोशिश करें।</translation>
    </message>
    <message>
        <source>Connection: good</source>
        <translation>कनेक्शन: अच्छा</translation>
    </message>
    <message>
        <source>Connection: fair</source>
        <translation>कनेक्शन: ठीक-ठाक</translation>
    </message>
    <message>
        <source>Connection: poor</source>
        <translation>कनेक्शन: कमज़ोर</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>स्वीकार करें</translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation>माइक चालू करें</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>माइक बंद करें</translation>
    </message>
    <message>
        <source>Camera on</source>
        <translation>कैमरा चालू करें</translation>
    </message>
    <message>
        <source>Low bandwidth</source>
        <translation>कम बैंडविड्थ</translation>
    </message>
    <message>
        <source>Send smaller, slower video (at most 240 lines, 10 pictures a second)</source>
        <translation>छोटा और धीमा वीडियो भेजें (अधिकतम 240 लाइनें, प्रति सेकंड 10 चित्र)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>बंद करें</translation>
    </message>
    <message>
        <source>End call</source>
        <translation>कॉल समाप्त करें</translation>
    </message>
    <message>
        <source>Video of the other side</source>
        <translation>दूसरी ओर का वीडियो</translation>
    </message>
    <message>
        <source>Your own picture</source>
        <translation>आपकी अपनी तस्वीर</translation>
    </message>
</context>
<context>
    <name>CameraPage</name>
    <message>
        <source>No consult selected: open a consult to take snapshots or record.</source>
        <translation>कोई परामर्श नहीं चुना गया: स्नैपशॉट लेने या रिकॉर्ड करने के लिए पहले परामर्श खोलें।</translation>
    </message>
    <message>
        <source>Recording still running for: %1</source>
        <translation>रिकॉर्डिंग अभी इनके लिए चल रही है: %1</translation>
    </message>
    <message>
        <source>Snapshots and recordings go to: %1</source>
        <translation>स्नैपशॉट और रिकॉर्डिंग यहाँ जाएँगी: %1</translation>
    </message>
</context>
<context>
    <name>CapturePanel</name>
    <message>
        <source>%1 fps</source>
        <translation>%1 फ़्रेम/सेकंड</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>कैमरा</translation>
    </message>
    <message>
        <source>Camera and recording</source>
        <translation>कैमरा और रिकॉर्डिंग</translation>
    </message>
    <message>
        <source>Camera not found. Check that it is plugged in; the picture comes back by itself.</source>
        <translation>कैमरा नहीं मिला। जाँचें कि वह लगा हुआ है; तस्वीर अपने आप लौट आएगी।</translation>
    </message>
    <message>
        <source>Demo mode: the camera shows a test pattern.</source>
        <translation>डेमो मोड: कैमरा एक परीक्षण पैटर्न दिखा रहा है।</translation>
    </message>
    <message>
        <source>High (720p)</source>
        <translation>उच्च (720p)</translation>
    </message>
    <message>
        <source>Low bandwidth (360p)</source>
        <translation>कम बैंडविड्थ (360p)</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>माइक्रोफ़ोन</translation>
    </message>
    <message>
        <source>No microphone</source>
        <translation>कोई माइक्रोफ़ोन नहीं</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>रिकॉर्ड करें</translation>
    </message>
    <message>
        <source>Recording needs the patient's consent to record, on file.</source>
        <translation>रिकॉर्डिंग के लिए मरीज़ की रिकॉर्डिंग सहमति दर्ज होनी चाहिए।</translation>
    </message>
    <message>
        <source>Recording quality</source>
        <translation>रिकॉर्डिंग की गुणवत्ता</translation>
    </message>
    <message>
        <source>Recording stopped: the recording could not be saved.</source>
        <translation>रिकॉर्डिंग रुक गई: रिकॉर्डिंग सहेजी नहीं जा सकी।</translation>
    </message>
    <message>
        <source>Standard (480p)</source>
        <translation>सामान्य (480p)</translation>
    </message>
    <message>
        <source>Stop recording</source>
        <translation>रिकॉर्डिंग रोकें</translation>
    </message>
    <message>
        <source>Take snapshot</source>
        <translation>तस्वीर लें</translation>
    </message>
    <message>
        <source>Test pattern (demo)</source>
        <translation>परीक्षण पैटर्न (डेमो)</translation>
    </message>
    <message>
        <source>Test tone (demo)</source>
        <translation>परीक्षण ध्वनि (डेमो)</translation>
    </message>
    <message>
        <source>The camera is in use by another program. Close that program; the picture comes back by itself.</source>
        <translation>कैमरा किसी दूसरे प्रोग्राम में इस्तेमाल हो रहा है। वह प्रोग्राम बंद करें; तस्वीर अपने आप लौट आएगी।</translation>
    </message>
    <message>
        <source>The camera stopped sending pictures. Waiting...</source>
        <translation>कैमरे ने तस्वीर भेजना बंद कर दिया है। प्रतीक्षा है...</translation>
    </message>
    <message>
        <source>The camera was disconnected. Waiting for it to come back...</source>
        <translation>कैमरा निकल गया। उसके वापस जुड़ने की प्रतीक्षा है...</translation>
    </message>
</context>
<context>
    <name>ChatModel</name>
    <message>
        <source>Doctor</source>
        <translation>डॉक्टर</translation>
    </message>
    <message>
        <source>Clinic</source>
        <translation>क्लिनिक</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>समय</translation>
    </message>
    <message>
        <source>From</source>
        <translation>किसने भेजा</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>संदेश</translation>
    </message>
</context>
<context>
    <name>ChatPanel</name>
    <message>
        <source>Chat</source>
        <translation>चैट</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>भेजें</translation>
    </message>
    <message>
        <source>Type a message</source>
        <translation>संदेश लिखें</translation>
    </message>
    <message>
        <source>Chat is not available in this call.</source>
        <translation>इस कॉल में चैट उपलब्ध नहीं है।</translation>
    </message>
    <message>
        <source>A message can have at most %1 characters; this one has %2. Shorten it.</source>
        <translation>एक संदेश में अधिकतम %1 अक्षर हो सकते हैं; इसमें %2 हैं। इसे छोटा करें।</translation>
    </message>
</context>
<context>
    <name>ChatRecordView</name>
    <message>
        <source>No chat in this consultation's calls.</source>
        <translation>इस परामर्श की कॉल में कोई चैट नहीं हुई।</translation>
    </message>
</context>
<context>
    <name>ClinicApp</name>
    <message numerus="yes">
        <source>%Ln interrupted recording(s) were recovered and kept.</source>
        <translation>
            <numerusform>%Ln अधूरी रिकॉर्डिंग वापस पाई गई और सहेजी गई।</numerusform>
            <numerusform>%Ln अधूरी रिकॉर्डिंग वापस पाई गई और सहेजी गई।</numerusform>
        </translation>
    </message>
    <message>
        <source>About Spoke Clinic and licences</source>
        <translation>स्पोक क्लिनिक और लाइसेंस के बारे में</translation>
    </message>
    <message>
        <source>Spoke Clinic</source>
        <translation>स्पोक क्लिनिक</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>कैमरा</translation>
    </message>
    <message>
        <source>Prescriptions</source>
        <translation>पर्चे</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>दवा भंडार</translation>
    </message>
    <message>
        <source>Camera and recording</source>
        <translation>कैमरा और रिकॉर्डिंग</translation>
    </message>
    <message>
        <source>Prescriptions and follow-ups</source>
        <translation>पर्चे और दोबारा दिखाना</translation>
    </message>
    <message>
        <source>Connect to a hub…</source>
        <translation>हब से जोड़ें…</translation>
    </message>
    <message>
        <source>Consults</source>
        <translation>परामर्श</translation>
    </message>
    <message>
        <source>Demo mode: the password is demo-password</source>
        <translation>डेमो मोड: पासवर्ड demo-password है</translation>
    </message>
    <message>
        <source>Demo spoke</source>
        <translation>डेमो स्पोक</translation>
    </message>
    <message>
        <source>Find or register a patient</source>
        <translation>मरीज़ खोजें या पंजीकरण करें</translation>
    </message>
    <message>
        <source>Manage accounts…</source>
        <translation>खाते प्रबंधित करें…</translation>
    </message>
    <message>
        <source>Patients</source>
        <translation>मरीज़</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>सिंक</translation>
    </message>
    <message>
        <source>Sync with the hub</source>
        <translation>हब के साथ सिंक</translation>
    </message>
    <message>
        <source>The demo hub could not start. You can keep working; data stays on this PC.</source>
        <translation>डेमो हब शुरू नहीं हो सका। आप काम जारी रख सकते हैं; डेटा इसी पीसी पर रहता है।</translation>
    </message>
</context>
<context>
    <name>ComponentModel</name>
    <message>
        <source>Component</source>
        <translation>घटक</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>लाइसेंस</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>संस्करण</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Certificate pinned. Check its fingerprint with the hub.</source>
        <translation>प्रमाणपत्र तय कर दिया गया। इसका फ़िंगरप्रिंट हब से मिलाकर देखें।</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>प्रमाणपत्र (*.pem *.crt *.cer);;सभी फ़ाइलें (*)</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>फ़ाइल चुनें…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>बंद करें</translation>
    </message>
    <message>
        <source>Connect this PC</source>
        <translation>इस पीसी को जोड़ें</translation>
    </message>
    <message>
        <source>Connect to a hub</source>
        <translation>हब से जोड़ें</translation>
    </message>
    <message>
        <source>Connecting to the hub…</source>
        <translation>हब से जोड़ा जा रहा है…</translation>
    </message>
    <message>
        <source>Hub address</source>
        <translation>हब का पता</translation>
    </message>
    <message>
        <source>Hub certificate</source>
        <translation>हब का प्रमाणपत्र</translation>
    </message>
    <message>
        <source>Hub username</source>
        <translation>हब उपयोगकर्ता नाम</translation>
    </message>
    <message>
        <source>Name of this PC</source>
        <translation>इस पीसी का नाम</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>एक-बार का कोड</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>पासवर्ड</translation>
    </message>
    <message>
        <source>Pinned, fingerprint %1</source>
        <translation>तय किया गया, फ़िंगरप्रिंट %1</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>साइन इन करें</translation>
    </message>
    <message>
        <source>Signed in. Sending starts now.</source>
        <translation>साइन इन हो गया। भेजना अब शुरू होगा।</translation>
    </message>
    <message>
        <source>Signing in to the hub…</source>
        <translation>हब में साइन इन हो रहा है…</translation>
    </message>
    <message>
        <source>That did not work. Check the details and try again.</source>
        <translation>यह नहीं हो सका। विवरण जाँचें और फिर से प्रयास करें।</translation>
    </message>
    <message>
        <source>The pinned certificate is damaged: choose it again.</source>
        <translation>तय किया गया प्रमाणपत्र खराब है: उसे फिर से चुनें।</translation>
    </message>
    <message>
        <source>This PC is connected to the hub. Now sign in.</source>
        <translation>यह पीसी हब से जुड़ गया है। अब साइन इन करें।</translation>
    </message>
    <message>
        <source>This PC's own trusted certificates will be used.</source>
        <translation>इस पीसी के अपने भरोसेमंद प्रमाणपत्र इस्तेमाल होंगे।</translation>
    </message>
    <message>
        <source>This PC's trusted certificates</source>
        <translation>इस पीसी के भरोसेमंद प्रमाणपत्र</translation>
    </message>
    <message>
        <source>This file is not a certificate authority in PEM format. Ask the hub's administrator for the hub's CA certificate (.pem).</source>
        <translation>यह फ़ाइल PEM रूप में प्रमाणपत्र प्राधिकारी (CA) नहीं है। हब के व्यवस्थापक से हब का CA प्रमाणपत्र (.pem) माँगें।</translation>
    </message>
    <message>
        <source>Use this PC's</source>
        <translation>इस पीसी वाले इस्तेमाल करें</translation>
    </message>
</context>
<context>
    <name>ConsentPanel</name>
    <message>
        <source>Agrees to a teleconsultation with the hub doctor</source>
        <translation>हब के डॉक्टर से टेली-परामर्श के लिए सहमत हैं</translation>
    </message>
    <message>
        <source>Agrees to the video being recorded</source>
        <translation>वीडियो रिकॉर्ड किए जाने के लिए सहमत हैं</translation>
    </message>
    <message>
        <source>Consent given by</source>
        <translation>सहमति किसने दी</translation>
    </message>
    <message>
        <source>Guardian's name</source>
        <translation>अभिभावक का नाम</translation>
    </message>
    <message>
        <source>Record consent (Ctrl+K)</source>
        <translation>सहमति दर्ज करें (Ctrl+K)</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>रिकॉर्डिंग</translation>
    </message>
    <message>
        <source>Teleconsultation</source>
        <translation>टेली-परामर्श</translation>
    </message>
    <message>
        <source>The guardian</source>
        <translation>अभिभावक ने</translation>
    </message>
    <message>
        <source>The patient</source>
        <translation>मरीज़ ने</translation>
    </message>
    <message>
        <source>no</source>
        <translation>नहीं</translation>
    </message>
    <message>
        <source>patient</source>
        <translation>मरीज़</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>हाँ</translation>
    </message>
    <message>
        <source>{what}: {answer} — by {who}, recorded by {operator} at {time}</source>
        <translation>{what}: {answer} — {who} द्वारा, {operator} ने {time} पर दर्ज किया</translation>
    </message>
</context>
<context>
    <name>ConsultCamera</name>
    <message>
        <source>%1 (%2), consult: %3</source>
        <translation>%1 (%2), परामर्श: %3</translation>
    </message>
    <message>
        <source>Camera snapshot</source>
        <translation>कैमरा स्नैपशॉट</translation>
    </message>
    <message>
        <source>Open a consult first to attach a snapshot to it.</source>
        <translation>स्नैपशॉट जोड़ने के लिए पहले कोई परामर्श खोलें।</translation>
    </message>
    <message>
        <source>Snapshot attached to: %1</source>
        <translation>स्नैपशॉट यहाँ जोड़ दिया गया: %1</translation>
    </message>
</context>
<context>
    <name>ConsultHeading</name>
    <message>
        <source>Consult for {name}</source>
        <translation>{name} का परामर्श</translation>
    </message>
</context>
<context>
    <name>ConsultIntakePage</name>
    <message>
        <source>Addendum added.</source>
        <translation>परिशिष्ट जोड़ा गया।</translation>
    </message>
    <message>
        <source>Attachment stored.</source>
        <translation>संलग्नक सहेजा गया।</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>बंद करें (Esc)</translation>
    </message>
    <message>
        <source>Consent recorded.</source>
        <translation>सहमति दर्ज हुई।</translation>
    </message>
    <message>
        <source>Could not save. Your typing is kept; try again.</source>
        <translation>सहेजा नहीं जा सका। आपका लिखा सुरक्षित है; फिर से कोशिश करें।</translation>
    </message>
    <message>
        <source>Draft saved.</source>
        <translation>ड्राफ़्ट सहेजा गया।</translation>
    </message>
    <message>
        <source>Edit patient details (Ctrl+E)</source>
        <translation>मरीज़ का विवरण बदलें (Ctrl+E)</translation>
    </message>
    <message>
        <source>Encrypting the attachment…</source>
        <translation>संलग्नक एन्क्रिप्ट हो रहा है…</translation>
    </message>
    <message>
        <source>Mark ready for the hub (Ctrl+Enter)</source>
        <translation>हब के लिए तैयार करें (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Not ready yet: see the messages in red.</source>
        <translation>अभी तैयार नहीं: लाल संदेश देखें।</translation>
    </message>
    <message>
        <source>Ready: queued for the hub. The record is now locked.</source>
        <translation>तैयार: हब को भेजने की कतार में। रिकॉर्ड अब लॉक है।</translation>
    </message>
    <message>
        <source>This consult could not be opened.</source>
        <translation>यह परामर्श खोला नहीं जा सका।</translation>
    </message>
    <message>
        <source>This consult was sent and is locked.</source>
        <translation>यह परामर्श भेजा जा चुका है और लॉक है।</translation>
    </message>
</context>
<context>
    <name>ConsultListDialog</name>
    <message>
        <source>No consults here.</source>
        <translation>यहाँ कोई परामर्श नहीं है।</translation>
    </message>
</context>
<context>
    <name>ConsultReviewHost</name>
    <message>
        <source>Review</source>
        <translation>समीक्षा</translation>
    </message>
    <message>
        <source>Complete consultation</source>
        <translation>परामर्श पूरा करें</translation>
    </message>
    <message>
        <source>Open a consultation from the queue to review it.</source>
        <translation>समीक्षा के लिए कतार से कोई परामर्श खोलें।</translation>
    </message>
    <message>
        <source>Fetching the patient's earlier consultations...</source>
        <translation>मरीज़ के पिछले परामर्श लाए जा रहे हैं...</translation>
    </message>
    <message>
        <source>The earlier consultations could not be fetched.</source>
        <translation>पिछले परामर्श नहीं लाए जा सके।</translation>
    </message>
    <message>
        <source>Consultation completed.</source>
        <translation>परामर्श पूरा हुआ।</translation>
    </message>
    <message>
        <source>The consultation could not be completed. Try again.</source>
        <translation>परामर्श पूरा नहीं हो सका। फिर से कोशिश करें।</translation>
    </message>
</context>
<context>
    <name>CrashReportDialog</name>
    <message>
        <source>Copy report</source>
        <translation>रिपोर्ट कॉपी करें</translation>
    </message>
    <message>
        <source>Spoke Clinic closed unexpectedly</source>
        <translation>स्पोक क्लिनिक अचानक बंद हो गया</translation>
    </message>
    <message>
        <source>Spoke Clinic closed unexpectedly last time. Your saved work is safe. This report contains no patient data; you can copy it for your support team.</source>
        <translation>पिछली बार स्पोक क्लिनिक अचानक बंद हो गया था। आपका सहेजा गया काम सुरक्षित है। इस रिपोर्ट में मरीज़ का कोई डेटा नहीं है; आप इसे अपनी सहायता टीम के लिए कॉपी कर सकते हैं।</translation>
    </message>
</context>
<context>
    <name>DeclineDialog</name>
    <message>
        <source>Decline consultation</source>
        <translation>परामर्श अस्वीकार करें</translation>
    </message>
    <message>
        <source>The consultation goes back to the queue for another doctor. Please say why you decline it.</source>
        <translation>परामर्श किसी दूसरे डॉक्टर के लिए कतार में वापस जाएगा। कृपया बताएँ कि आप इसे क्यों अस्वीकार कर रहे हैं।</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>कारण (ज़रूरी)</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>अस्वीकार करें</translation>
    </message>
</context>
<context>
    <name>DemoDoctor</name>
    <message>
        <source>The demo hub is not running. Start the demo first (scripts/run.sh), then open the doctor's window (scripts/run.sh --doctor).</source>
        <translation>डेमो हब नहीं चल रहा है। पहले डेमो शुरू करें (scripts/run.sh), फिर डॉक्टर की विंडो खोलें (scripts/run.sh --doctor)।</translation>
    </message>
    <message>
        <source>Spoke Clinic</source>
        <translation>स्पोक क्लिनिक</translation>
    </message>
</context>
<context>
    <name>DevicesButton</name>
    <message>
        <source>Devices</source>
        <translation>उपकरण</translation>
    </message>
</context>
<context>
    <name>DevicesMenu</name>
    <message>
        <source>Devices</source>
        <translation>उपकरण</translation>
    </message>
    <message>
        <source>Switch camera</source>
        <translation>कैमरा बदलें</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>कैमरा</translation>
    </message>
    <message>
        <source>Sound output (speaker or headset)</source>
        <translation>आवाज़ कहाँ सुनें (स्पीकर या हेडसेट)</translation>
    </message>
    <message>
        <source>The computer's default output</source>
        <translation>कंप्यूटर का सामान्य आउटपुट</translation>
    </message>
    <message>
        <source>Check camera, microphone and connection...</source>
        <translation>कैमरा, माइक्रोफ़ोन और कनेक्शन जाँचें...</translation>
    </message>
</context>
<context>
    <name>DispenseDialog</name>
    <message>
        <source>Dispense medicines</source>
        <translation>दवाएँ देना</translation>
    </message>
    <message>
        <source>Prescribed</source>
        <translation>पर्चे में लिखी दवा</translation>
    </message>
    <message>
        <source>Give from stock</source>
        <translation>भंडार से दें</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>मात्रा</translation>
    </message>
    <message>
        <source>Choose what you give for each medicine and how many. The quantities given are taken out of stock when you press Dispense. Stock never goes below zero: you cannot give more than is in stock.</source>
        <translation>हर दवा के लिए चुनें कि क्या और कितना दे रहे हैं। "दवा दें" दबाने पर दी गई मात्रा भंडार से घट जाती है। भंडार कभी शून्य से नीचे नहीं जाता: भंडार में जितना है, उससे अधिक नहीं दिया जा सकता।</translation>
    </message>
    <message>
        <source>Dispense</source>
        <translation>दवा दें</translation>
    </message>
    <message>
        <source>%1 (not counted)</source>
        <translation>%1 (गिनती नहीं हुई)</translation>
    </message>
    <message>
        <source>%1 (%2 in stock)</source>
        <translation>%1 (भंडार में %2)</translation>
    </message>
    <message>
        <source>Not given</source>
        <translation>नहीं दी गई</translation>
    </message>
    <message>
        <source>Not in stock (another strength or form of it is, see the list)</source>
        <translation>भंडार में नहीं है (इसकी दूसरी शक्ति या रूप है, सूची देखें)</translation>
    </message>
    <message>
        <source>Not in stock</source>
        <translation>भंडार में नहीं है</translation>
    </message>
    <message>
        <source>In stock</source>
        <translation>भंडार में है</translation>
    </message>
</context>
<context>
    <name>DoctorDashboardPanel</name>
    <message>
        <source>My day</source>
        <translation>मेरा दिन</translation>
    </message>
    <message>
        <source>Waiting in my specialties</source>
        <translation>मेरी विशेषज्ञताओं में प्रतीक्षारत</translation>
    </message>
    <message>
        <source>Offered to me</source>
        <translation>मुझे सौंपे गए</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>जारी</translation>
    </message>
    <message>
        <source>Completed today</source>
        <translation>आज पूरे हुए</translation>
    </message>
    <message>
        <source>Completed this week</source>
        <translation>इस सप्ताह पूरे हुए</translation>
    </message>
    <message>
        <source>Declined this week</source>
        <translation>इस सप्ताह अस्वीकार किए</translation>
    </message>
    <message>
        <source>Median consult duration this week: %1</source>
        <translation>इस सप्ताह परामर्श की माध्यिका अवधि: %1</translation>
    </message>
    <message>
        <source>No follow-ups of my patients due this week.</source>
        <translation>इस सप्ताह मेरे किसी मरीज़ का फ़ॉलो-अप नहीं है।</translation>
    </message>
    <message>
        <source>Follow-ups of my patients due this week: %1 (next on %2)</source>
        <translation>इस सप्ताह मेरे मरीज़ों के फ़ॉलो-अप: %1 (अगला %2 को)</translation>
    </message>
</context>
<context>
    <name>DoctorHomePage</name>
    <message>
        <source>Your day at the hub</source>
        <translation>हब पर आपका दिन</translation>
    </message>
    <message>
        <source>Consultations from the spokes come to your queue. Go online to receive them.</source>
        <translation>स्पोक से आने वाले परामर्श आपकी कतार में आते हैं। उन्हें पाने के लिए ऑनलाइन हो जाएँ।</translation>
    </message>
    <message>
        <source>Today's work</source>
        <translation>आज का काम</translation>
    </message>
    <message>
        <source>Offered to you: %1 · In progress: %2 · Waiting to be claimed: %3</source>
        <translation>आपको दिए गए: %1 · जारी: %2 · लिए जाने की प्रतीक्षा में: %3</translation>
    </message>
</context>
<context>
    <name>DoctorRecordingNotice</name>
    <message>
        <source>● The clinic is recording this call</source>
        <translation>● क्लिनिक यह कॉल रिकॉर्ड कर रहा है</translation>
    </message>
</context>
<context>
    <name>DoctorStill</name>
    <message>
        <source>Ask for a still picture</source>
        <translation>स्थिर तस्वीर मँगाएँ</translation>
    </message>
    <message>
        <source>The clinic's camera takes a full-resolution picture for the consult.</source>
        <translation>क्लिनिक का कैमरा परामर्श के लिए पूरे रिज़ॉल्यूशन की तस्वीर लेता है।</translation>
    </message>
    <message>
        <source>Asking the clinic's camera for a picture...</source>
        <translation>क्लिनिक के कैमरे से तस्वीर मँगाई जा रही है...</translation>
    </message>
    <message>
        <source>Picture received — it will appear in the consult's attachments.</source>
        <translation>तस्वीर मिल गई — यह परामर्श के संलग्नकों में दिखेगी।</translation>
    </message>
    <message>
        <source>The clinic is not in the call: no picture was taken.</source>
        <translation>क्लिनिक कॉल में नहीं है: कोई तस्वीर नहीं ली गई।</translation>
    </message>
    <message>
        <source>The clinic's camera gave no picture. Try again.</source>
        <translation>क्लिनिक के कैमरे से कोई तस्वीर नहीं मिली। फिर से कोशिश करें।</translation>
    </message>
    <message>
        <source>The clinic has turned its camera off: no picture was taken.</source>
        <translation>क्लिनिक ने अपना कैमरा बंद कर रखा है: कोई तस्वीर नहीं ली गई।</translation>
    </message>
    <message>
        <source>The request did not reach the clinic. Try again.</source>
        <translation>अनुरोध क्लिनिक तक नहीं पहुँचा। फिर से कोशिश करें।</translation>
    </message>
    <message>
        <source>The picture could not be kept. Try again.</source>
        <translation>तस्वीर सहेजी नहीं जा सकी। फिर से कोशिश करें।</translation>
    </message>
</context>
<context>
    <name>DoctorWindow</name>
    <message>
        <source>Queue</source>
        <translation>कतार</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>समीक्षा</translation>
    </message>
    <message>
        <source>Open the consultation queue</source>
        <translation>परामर्श की कतार खोलें</translation>
    </message>
    <message>
        <source>Prescribe…</source>
        <translation>पर्चा लिखें…</translation>
    </message>
</context>
<context>
    <name>DuplicateDialog</name>
    <message>
        <source>A patient like this one is already registered. Compare, then choose. Nothing is merged.</source>
        <translation>ऐसा ही एक मरीज़ पहले से पंजीकृत है। मिलान करें, फिर चुनें। कुछ भी आपस में मिलाया नहीं जाता।</translation>
    </message>
    <message>
        <source>ABHA address</source>
        <translation>आभा पता</translation>
    </message>
    <message>
        <source>ABHA number</source>
        <translation>आभा नंबर</translation>
    </message>
    <message>
        <source>Age (born)</source>
        <translation>आयु (जन्म)</translation>
    </message>
    <message>
        <source>Being registered</source>
        <translation>पंजीकृत किया जा रहा</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>मोबाइल</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>नाम</translation>
    </message>
    <message>
        <source>New patient (save as another person)</source>
        <translation>नया मरीज़ (अलग व्यक्ति के रूप में सहेजें)</translation>
    </message>
    <message>
        <source>Possible duplicate</source>
        <translation>संभावित दोहराव</translation>
    </message>
    <message>
        <source>Registered {code}</source>
        <translation>पंजीकृत {code}</translation>
    </message>
    <message>
        <source>Same person (open the registered record)</source>
        <translation>वही व्यक्ति (पंजीकृत रिकॉर्ड खोलें)</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>लिंग</translation>
    </message>
    <message>
        <source>Village, district</source>
        <translation>गाँव, ज़िला</translation>
    </message>
    <message>
        <source>Why shown</source>
        <translation>क्यों दिखाया गया</translation>
    </message>
</context>
<context>
    <name>EnrollDialog</name>
    <message>
        <source>Connect this doctor's PC to the hub</source>
        <translation>डॉक्टर के इस पीसी को हब से जोड़ें</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>जोड़ें</translation>
    </message>
</context>
<context>
    <name>EnrollForm</name>
    <message>
        <source>Hub address</source>
        <translation>हब का पता</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>एक बार का कोड</translation>
    </message>
    <message>
        <source>Hub certificate (optional)</source>
        <translation>हब प्रमाणपत्र (वैकल्पिक)</translation>
    </message>
    <message>
        <source>Paste the hub's CA certificate (PEM) if your hub administrator gave one.</source>
        <translation>अगर हब प्रशासक ने हब का CA प्रमाणपत्र (PEM) दिया है, तो उसे यहाँ चिपकाएँ।</translation>
    </message>
    <message>
        <source>Please type the hub address and the one-time code.</source>
        <translation>कृपया हब का पता और एक बार का कोड लिखें।</translation>
    </message>
    <message>
        <source>Connecting to the hub…</source>
        <translation>हब से जोड़ा जा रहा है…</translation>
    </message>
    <message>
        <source>Connected to the hub.</source>
        <translation>हब से जुड़ गया।</translation>
    </message>
</context>
<context>
    <name>EnrollPage</name>
    <message>
        <source>Connect to your hub</source>
        <translation>अपने हब से जुड़ें</translation>
    </message>
    <message>
        <source>Doctors sign in on this PC with their hub accounts. Type the hub's address and the one-time code from the hub administrator.</source>
        <translation>डॉक्टर इस पीसी पर अपने हब खाते से साइन इन करते हैं। हब का पता और हब प्रशासक से मिला एक बार का कोड लिखें।</translation>
    </message>
    <message>
        <source>Setting up the encrypted storage…</source>
        <translation>एन्क्रिप्टेड भंडारण तैयार किया जा रहा है…</translation>
    </message>
</context>
<context>
    <name>FacilityPage</name>
    <message>
        <source>District</source>
        <translation>ज़िला</translation>
    </message>
    <message>
        <source>Facility ID</source>
        <translation>सुविधा आईडी</translation>
    </message>
    <message>
        <source>Facility ID (HFR), if you have one</source>
        <translation>सुविधा आईडी (HFR), यदि आपके पास है</translation>
    </message>
    <message>
        <source>Facility name</source>
        <translation>सुविधा का नाम</translation>
    </message>
    <message>
        <source>Hub (doctors)</source>
        <translation>हब (डॉक्टर)</translation>
    </message>
    <message>
        <source>Spoke (Health and Wellness Centre)</source>
        <translation>स्पोक (हेल्थ एंड वेलनेस सेंटर)</translation>
    </message>
    <message>
        <source>State</source>
        <translation>राज्य</translation>
    </message>
    <message>
        <source>These details appear on prescriptions and in reports.</source>
        <translation>ये विवरण पर्चों और रिपोर्टों पर दिखते हैं।</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>प्रकार</translation>
    </message>
    <message>
        <source>Your health facility</source>
        <translation>आपकी स्वास्थ्य सुविधा</translation>
    </message>
</context>
<context>
    <name>FailureReport</name>
    <message>
        <source>Spoke Clinic</source>
        <translation>स्पोक क्लिनिक</translation>
    </message>
    <message>
        <source>The action could not be completed. Your work is kept; try again.</source>
        <translation>यह काम पूरा नहीं हो सका। आपका काम सुरक्षित है; फिर से कोशिश करें।</translation>
    </message>
</context>
<context>
    <name>FollowUpsModel</name>
    <message>
        <source>Due on</source>
        <translation>तय तारीख़</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>रोगी</translation>
    </message>
    <message>
        <source>Patient ID</source>
        <translation>रोगी आईडी</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>Complaints</source>
        <translation>शिकायतें</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>तारीख़</translation>
    </message>
    <message>
        <source>No prescription</source>
        <translation>कोई पर्चा नहीं</translation>
    </message>
    <message>
        <source>Prescription</source>
        <translation>पर्चा</translation>
    </message>
    <message>
        <source>Specialty</source>
        <translation>विशेषज्ञता</translation>
    </message>
    <message>
        <source>Spoke</source>
        <translation>स्पोक</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>Allergies</source>
        <translation>एलर्जी</translation>
    </message>
    <message>
        <source>Common complaints</source>
        <translation>आम शिकायतें</translation>
    </message>
    <message>
        <source>Complaints and history</source>
        <translation>शिकायतें और इतिहास</translation>
    </message>
    <message>
        <source>Complaints in words</source>
        <translation>शिकायत शब्दों में</translation>
    </message>
    <message>
        <source>Current medicines</source>
        <translation>अभी ली जा रही दवाएँ</translation>
    </message>
    <message>
        <source>For how long</source>
        <translation>कब से</translation>
    </message>
    <message>
        <source>In the patient's words</source>
        <translation>मरीज़ के अपने शब्दों में</translation>
    </message>
    <message>
        <source>Known conditions</source>
        <translation>ज्ञात बीमारियाँ</translation>
    </message>
    <message>
        <source>name, dose, how often</source>
        <translation>नाम, खुराक, कितनी बार</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>Advice: %1</source>
        <translation>सलाह: %1</translation>
    </message>
    <message>
        <source>Complaints: %1</source>
        <translation>शिकायतें: %1</translation>
    </message>
    <message>
        <source>Diagnosis: %1</source>
        <translation>निदान: %1</translation>
    </message>
    <message>
        <source>Follow up on %1</source>
        <translation>%1 को फ़ॉलो-अप</translation>
    </message>
    <message>
        <source>Follow up in %1 days</source>
        <translation>%1 दिन बाद फिर दिखाएँ</translation>
    </message>
    <message>
        <source>No earlier consults of this patient.</source>
        <translation>इस मरीज़ का कोई पिछला परामर्श नहीं है।</translation>
    </message>
    <message>
        <source>No prescription.</source>
        <translation>कोई पर्चा नहीं।</translation>
    </message>
    <message>
        <source>Prescription (signed):</source>
        <translation>पर्चा (हस्ताक्षरित):</translation>
    </message>
    <message>
        <source>Prescription:</source>
        <translation>पर्चा:</translation>
    </message>
    <message>
        <source>Vitals:</source>
        <translation>वाइटल्स:</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>Nothing open: no drafts, nothing waiting for the hub or to print.</source>
        <translation>कुछ बाकी नहीं: कोई ड्राफ़्ट नहीं, हब या प्रिंट के लिए कुछ प्रतीक्षा में नहीं।</translation>
    </message>
    <message>
        <source>Register patients, record vitals and consent, and consult a hub doctor over video. Everything is saved on this PC first and reaches the hub when the network allows.</source>
        <translation>मरीज़ों का पंजीकरण करें, वाइटल्स और सहमति दर्ज करें, और वीडियो पर हब डॉक्टर से परामर्श लें। सब कुछ पहले इसी पीसी पर सहेजा जाता है और नेटवर्क मिलने पर हब तक पहुँचता है।</translation>
    </message>
    <message>
        <source>Today is %1</source>
        <translation>आज %1 है</translation>
    </message>
    <message>
        <source>Today's work</source>
        <translation>आज का काम</translation>
    </message>
    <message>
        <source>Welcome to Spoke Clinic</source>
        <translation>स्पोक क्लिनिक में आपका स्वागत है</translation>
    </message>
</context>
<context>
    <name>HubLogin</name>
    <message>
        <source>Too many wrong passwords: the hub has locked this account for a while. Wait, or ask the hub administrator.</source>
        <translation>बहुत बार गलत पासवर्ड: हब ने यह खाता कुछ समय के लिए बंद कर दिया है। प्रतीक्षा करें, या हब प्रशासक से पूछें।</translation>
    </message>
    <message>
        <source>Wrong username or password. Check Caps Lock and try again.</source>
        <translation>यूज़रनेम या पासवर्ड गलत है। Caps Lock जाँचें और फिर से कोशिश करें।</translation>
    </message>
</context>
<context>
    <name>HubLoginDialog</name>
    <message>
        <source>Sign in to the hub</source>
        <translation>हब में साइन इन करें</translation>
    </message>
    <message>
        <source>Sign in with your hub doctor account.</source>
        <translation>अपने हब डॉक्टर खाते से साइन इन करें।</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>साइन इन करें</translation>
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
        <source>Checking with the hub…</source>
        <translation>हब से जाँच की जा रही है…</translation>
    </message>
</context>
<context>
    <name>HubNotifier</name>
    <message>
        <source>A prescription has arrived from the hub doctor for %1.</source>
        <translation>%1 के लिए हब डॉक्टर का पर्चा आ गया है।</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>बंद करें</translation>
    </message>
    <message>
        <source>Hub: a doctor has taken this consultation</source>
        <translation>हब: एक डॉक्टर ने यह परामर्श ले लिया है</translation>
    </message>
    <message>
        <source>Hub: prescription received, NOT verified</source>
        <translation>हब: पर्चा मिला, पर सत्यापित नहीं</translation>
    </message>
    <message>
        <source>Hub: consultation completed</source>
        <translation>हब: परामर्श पूरा हुआ</translation>
    </message>
    <message>
        <source>Hub: consultation withdrawn</source>
        <translation>हब: परामर्श वापस लिया गया</translation>
    </message>
    <message>
        <source>The prescription received for %1 could not be verified: do not print or dispense it. Ask the hub to send it again.</source>
        <translation>%1 के लिए मिला पर्चा सत्यापित नहीं हो सका: इसे न छापें और इससे दवा न दें। हब से इसे फिर से भेजने को कहें।</translation>
    </message>
    <message>
        <source>Hub: prescription received</source>
        <translation>हब: पर्चा मिल गया</translation>
    </message>
    <message>
        <source>Hub: the doctor is consulting now</source>
        <translation>हब: डॉक्टर अभी परामर्श कर रहे हैं</translation>
    </message>
    <message>
        <source>Hub: waiting for a doctor</source>
        <translation>हब: डॉक्टर की प्रतीक्षा</translation>
    </message>
    <message>
        <source>Hub: waiting for a doctor, position %1</source>
        <translation>हब: डॉक्टर की प्रतीक्षा, क्रम %1</translation>
    </message>
    <message>
        <source>Spoke Clinic</source>
        <translation>स्पोक क्लिनिक</translation>
    </message>
    <message>
        <source>about %1 min</source>
        <translation>लगभग %1 मिनट</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <source>Actual size</source>
        <translation>असली आकार</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>पूरा दिखाएँ</translation>
    </message>
    <message>
        <source>Fit the picture to the window (0)</source>
        <translation>चित्र को खिड़की में पूरा दिखाएँ (0)</translation>
    </message>
    <message>
        <source>No picture open.</source>
        <translation>कोई चित्र खुला नहीं है।</translation>
    </message>
    <message>
        <source>Rotate 90°</source>
        <translation>90° घुमाएँ</translation>
    </message>
    <message>
        <source>This file is not a picture that can be shown.</source>
        <translation>यह फ़ाइल ऐसा चित्र नहीं है जिसे दिखाया जा सके।</translation>
    </message>
    <message>
        <source>Turn the picture a quarter clockwise (R)</source>
        <translation>चित्र को घड़ी की दिशा में चौथाई घुमाएँ (R)</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl+wheel or +)</source>
        <translation>बड़ा करें (Ctrl+व्हील या +)</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+wheel or -)</source>
        <translation>छोटा करें (Ctrl+व्हील या -)</translation>
    </message>
</context>
<context>
    <name>IntakeFields</name>
    <message>
        <source>Attachments</source>
        <translation>संलग्नक</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>सहमति</translation>
    </message>
    <message>
        <source>Vitals</source>
        <translation>वाइटल्स</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>AYUSH</source>
        <translation>आयुष</translation>
    </message>
    <message>
        <source>Abdominal pain</source>
        <translation>पेट दर्द</translation>
    </message>
    <message>
        <source>Anxiety</source>
        <translation>घबराहट</translation>
    </message>
    <message>
        <source>Blurred vision</source>
        <translation>धुंधला दिखना</translation>
    </message>
    <message>
        <source>Body ache</source>
        <translation>बदन दर्द</translation>
    </message>
    <message>
        <source>Breathlessness</source>
        <translation>साँस फूलना</translation>
    </message>
    <message>
        <source>Brother or sister</source>
        <translation>भाई या बहन</translation>
    </message>
    <message>
        <source>Burning urination</source>
        <translation>पेशाब में जलन</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>रद्द</translation>
    </message>
    <message>
        <source>Cardiology</source>
        <translation>हृदय रोग</translation>
    </message>
    <message>
        <source>Chest pain</source>
        <translation>सीने में दर्द</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>बंद</translation>
    </message>
    <message>
        <source>Cough</source>
        <translation>खाँसी</translation>
    </message>
    <message>
        <source>Daughter</source>
        <translation>बेटी</translation>
    </message>
    <message>
        <source>Dentistry</source>
        <translation>दंत चिकित्सा</translation>
    </message>
    <message>
        <source>Dermatology</source>
        <translation>त्वचा रोग</translation>
    </message>
    <message>
        <source>Diarrhoea</source>
        <translation>दस्त</translation>
    </message>
    <message>
        <source>Did not want to give it</source>
        <translation>नंबर नहीं देना चाहते</translation>
    </message>
    <message>
        <source>Dizziness</source>
        <translation>चक्कर आना</translation>
    </message>
    <message>
        <source>Doctor consulting</source>
        <translation>डॉक्टर परामर्श कर रहे हैं</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>ड्राफ़्ट</translation>
    </message>
    <message>
        <source>ENT</source>
        <translation>नाक, कान, गला</translation>
    </message>
    <message>
        <source>Ear pain</source>
        <translation>कान दर्द</translation>
    </message>
    <message>
        <source>Emergency</source>
        <translation>आपातकालीन</translation>
    </message>
    <message>
        <source>Father</source>
        <translation>पिता</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>महिला</translation>
    </message>
    <message>
        <source>Fever</source>
        <translation>बुखार</translation>
    </message>
    <message>
        <source>General medicine</source>
        <translation>सामान्य चिकित्सा</translation>
    </message>
    <message>
        <source>General surgery</source>
        <translation>सामान्य शल्य चिकित्सा</translation>
    </message>
    <message>
        <source>Grandparent</source>
        <translation>दादा-दादी/नाना-नानी</translation>
    </message>
    <message>
        <source>Has no phone</source>
        <translation>फ़ोन नहीं है</translation>
    </message>
    <message>
        <source>Headache</source>
        <translation>सिरदर्द</translation>
    </message>
    <message>
        <source>Itching</source>
        <translation>खुजली</translation>
    </message>
    <message>
        <source>Joint pain</source>
        <translation>जोड़ों में दर्द</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>पुरुष</translation>
    </message>
    <message>
        <source>Missed period</source>
        <translation>माहवारी न आना</translation>
    </message>
    <message>
        <source>Mother</source>
        <translation>माँ</translation>
    </message>
    <message>
        <source>Obstetrics &amp; gynaecology</source>
        <translation>प्रसूति एवं स्त्री रोग</translation>
    </message>
    <message>
        <source>Ophthalmology</source>
        <translation>नेत्र रोग</translation>
    </message>
    <message>
        <source>Orthopaedics</source>
        <translation>हड्डी रोग</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>अन्य</translation>
    </message>
    <message>
        <source>Paediatrics</source>
        <translation>बाल रोग</translation>
    </message>
    <message>
        <source>Prescribed</source>
        <translation>पर्चा मिला</translation>
    </message>
    <message>
        <source>Psychiatry</source>
        <translation>मनोरोग</translation>
    </message>
    <message>
        <source>Ready for the hub</source>
        <translation>हब के लिए तैयार</translation>
    </message>
    <message>
        <source>Red eye</source>
        <translation>आँख लाल होना</translation>
    </message>
    <message>
        <source>Routine</source>
        <translation>सामान्य</translation>
    </message>
    <message>
        <source>Same ABHA</source>
        <translation>वही आभा</translation>
    </message>
    <message>
        <source>Same mobile, similar name</source>
        <translation>वही मोबाइल, मिलता-जुलता नाम</translation>
    </message>
    <message>
        <source>Shared phone, number not known</source>
        <translation>साझा फ़ोन, नंबर पता नहीं</translation>
    </message>
    <message>
        <source>Similar name, same sex and age</source>
        <translation>मिलता-जुलता नाम, वही लिंग और आयु</translation>
    </message>
    <message>
        <source>Skin rash</source>
        <translation>त्वचा पर चकत्ते</translation>
    </message>
    <message>
        <source>Sleep problem</source>
        <translation>नींद की समस्या</translation>
    </message>
    <message>
        <source>Son</source>
        <translation>बेटा</translation>
    </message>
    <message>
        <source>Sore throat</source>
        <translation>गले में खराश</translation>
    </message>
    <message>
        <source>Spouse</source>
        <translation>पति/पत्नी</translation>
    </message>
    <message>
        <source>Taken by a doctor</source>
        <translation>डॉक्टर ने लिया</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>जल्दी</translation>
    </message>
    <message>
        <source>Vomiting</source>
        <translation>उल्टी</translation>
    </message>
    <message>
        <source>Weakness</source>
        <translation>कमज़ोरी</translation>
    </message>
    <message>
        <source>White discharge</source>
        <translation>सफ़ेद पानी</translation>
    </message>
    <message>
        <source>Video call</source>
        <translation>वीडियो कॉल</translation>
    </message>
    <message>
        <source>Audio call</source>
        <translation>ऑडियो कॉल</translation>
    </message>
    <message>
        <source>Without a call (text / store-and-forward)</source>
        <translation>बिना कॉल (संदेश / स्टोर-एंड-फ़ॉरवर्ड)</translation>
    </message>
    <message>
        <source>With the hub</source>
        <translation>हब के पास</translation>
    </message>
    <message>
        <source>Wound</source>
        <translation>घाव</translation>
    </message>
    <message>
        <source>days</source>
        <translation>दिन</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>घंटे</translation>
    </message>
    <message>
        <source>months</source>
        <translation>महीने</translation>
    </message>
    <message>
        <source>weeks</source>
        <translation>सप्ताह</translation>
    </message>
    <message>
        <source>years</source>
        <translation>वर्ष</translation>
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
        <source>Locked. {name}, type your password to go on.</source>
        <translation>लॉक है। {name}, आगे बढ़ने के लिए अपना पासवर्ड लिखें।</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>पासवर्ड</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>साइन आउट</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>अनलॉक करें</translation>
    </message>
    <message>
        <source>Unlocking failed: the clinic's data could not be read.</source>
        <translation>अनलॉक नहीं हो सका: क्लिनिक का डेटा पढ़ा नहीं जा सका।</translation>
    </message>
</context>
<context>
    <name>LockedNote</name>
    <message>
        <source>Locked — this consult can no longer be changed.</source>
        <translation>लॉक — यह परामर्श अब बदला नहीं जा सकता।</translation>
    </message>
    <message>
        <source>Locked — this consult has been sent and can no longer be changed. To correct or add something, add an addendum at the end of the page.</source>
        <translation>लॉक — यह परामर्श भेजा जा चुका है और अब बदला नहीं जा सकता। कुछ सुधारना या जोड़ना हो तो पन्ने के अंत में परिशिष्ट जोड़ें।</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Checking…</source>
        <translation>जाँच हो रही है…</translation>
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
        <source>Sign in</source>
        <translation>साइन इन</translation>
    </message>
    <message>
        <source>Sign in to Spoke Clinic</source>
        <translation>स्पोक क्लिनिक में साइन इन करें</translation>
    </message>
    <message>
        <source>Signing in failed: the clinic's data could not be read.</source>
        <translation>साइन इन नहीं हो सका: क्लिनिक का डेटा पढ़ा नहीं जा सका।</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>यूज़रनेम</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>%1 — teleconsultation</source>
        <translation>%1 — टेलीपरामर्श</translation>
    </message>
    <message>
        <source>Spoke Clinic</source>
        <translation>स्पोक क्लिनिक</translation>
    </message>
</context>
<context>
    <name>ManagerWindow</name>
    <message>
        <source>Programme manager</source>
        <translation>कार्यक्रम प्रबंधक</translation>
    </message>
    <message>
        <source>Network report</source>
        <translation>नेटवर्क रिपोर्ट</translation>
    </message>
    <message>
        <source>Open the network report</source>
        <translation>नेटवर्क रिपोर्ट खोलें</translation>
    </message>
</context>
<context>
    <name>MediaListModel</name>
    <message>
        <source>%1 parts</source>
        <translation>%1 भाग</translation>
    </message>
    <message>
        <source>File</source>
        <translation>फ़ाइल</translation>
    </message>
    <message>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <source>Picture</source>
        <translation>चित्र</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>रिकॉर्डिंग</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>आवाज़</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>बिना शीर्षक</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>वीडियो</translation>
    </message>
</context>
<context>
    <name>MedicineForm</name>
    <message>
        <source>Medicine (generic or brand)</source>
        <translation>दवा (जेनेरिक या ब्रांड)</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>क्षमता</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>रूप</translation>
    </message>
    <message>
        <source>Dose</source>
        <translation>खुराक</translation>
    </message>
    <message>
        <source>Frequency (1-0-1, SOS)</source>
        <translation>कितनी बार (1-0-1, SOS)</translation>
    </message>
    <message>
        <source>Timing</source>
        <translation>समय</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>अवधि</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>कैसे लें</translation>
    </message>
    <message>
        <source>Instructions</source>
        <translation>निर्देश</translation>
    </message>
    <message>
        <source>Add medicine</source>
        <translation>दवा जोड़ें</translation>
    </message>
    <message>
        <source>1 tablet</source>
        <translation>1 गोली</translation>
    </message>
    <message>
        <source> days</source>
        <translation> दिन</translation>
    </message>
    <message>
        <source>(no timing)</source>
        <translation>(कोई समय नहीं)</translation>
    </message>
    <message>
        <source>Free text: not in the formulary.</source>
        <translation>मुक्त पाठ: फ़ॉर्मुलरी में नहीं है।</translation>
    </message>
    <message>
        <source>Did you mean %1?</source>
        <translation>क्या आपका मतलब %1 है?</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>not allowed in this consultation.</source>
        <translation>इस परामर्श में अनुमति नहीं है।</translation>
    </message>
    <message>
        <source>Use 1-0-1 (morning-afternoon-night), SOS or STAT</source>
        <translation>1-0-1 (सुबह-दोपहर-रात), SOS या STAT लिखें</translation>
    </message>
</context>
<context>
    <name>MedicineRowsModel</name>
    <message>
        <source>Medicine</source>
        <translation>दवा</translation>
    </message>
    <message>
        <source>Directions</source>
        <translation>लेने का तरीका</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>अवधि</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>सूचनाएँ</translation>
    </message>
    <message>
        <source>%1 [free text]</source>
        <translation>%1 [मुक्त पाठ]</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 दिन</translation>
    </message>
</context>
<context>
    <name>MedicinesModel</name>
    <message>
        <source>Medicine</source>
        <translation>दवा</translation>
    </message>
    <message>
        <source>Dose</source>
        <translation>खुराक</translation>
    </message>
    <message>
        <source>How to take</source>
        <translation>कैसे लें</translation>
    </message>
    <message>
        <source>For</source>
        <translation>कितने दिन</translation>
    </message>
    <message>
        <source>Instructions</source>
        <translation>निर्देश</translation>
    </message>
    <message>
        <source>(not in formulary)</source>
        <translation>(सूची से बाहर)</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 दिन</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>A PIN code has 6 digits.</source>
        <translation>पिन कोड में 6 अंक होते हैं।</translation>
    </message>
    <message>
        <source>A PIN code starts with a digit from 1 to 8.</source>
        <translation>पिन कोड 1 से 8 तक के अंक से शुरू होता है।</translation>
    </message>
    <message>
        <source>Type a quantity: a whole number, 0 or more.</source>
        <translation>मात्रा लिखें: 0 या उससे अधिक पूर्ण संख्या।</translation>
    </message>
    <message>
        <source>A quantity cannot be below 0: stock never goes below zero.</source>
        <translation>मात्रा 0 से कम नहीं हो सकती: भंडार कभी शून्य से नीचे नहीं जाता।</translation>
    </message>
    <message>
        <source>A quantity is a whole number (0, 1, 2 ...), without decimals or letters.</source>
        <translation>मात्रा पूर्ण संख्या होती है (0, 1, 2 ...), दशमलव या अक्षरों के बिना।</translation>
    </message>
    <message>
        <source>A quantity cannot be more than {maximum}.</source>
        <translation>मात्रा {maximum} से अधिक नहीं हो सकती।</translation>
    </message>
    <message>
        <source>Only {available} in stock: more cannot be given, stock never goes below zero.</source>
        <translation>भंडार में केवल {available} है: इससे अधिक नहीं दिया जा सकता, भंडार कभी शून्य से नीचे नहीं जाता।</translation>
    </message>
    <message>
        <source>This medicine is no longer in the stock list. Open the Stock page again.</source>
        <translation>यह दवा अब भंडार सूची में नहीं है। दवा भंडार पेज फिर से खोलें।</translation>
    </message>
    <message>
        <source>This medicine is not on the prescription.</source>
        <translation>यह दवा पर्चे में नहीं है।</translation>
    </message>
    <message>
        <source>A minor needs a guardian: choose the relation.</source>
        <translation>नाबालिग के लिए अभिभावक ज़रूरी है: रिश्ता चुनें।</translation>
    </message>
    <message>
        <source>A mobile number has 10 digits; this has {got}.</source>
        <translation>मोबाइल नंबर में 10 अंक होते हैं; इसमें {got} हैं।</translation>
    </message>
    <message>
        <source>A mobile number has only digits.</source>
        <translation>मोबाइल नंबर में केवल अंक होते हैं।</translation>
    </message>
    <message>
        <source>A mobile number starts with 6, 7, 8 or 9.</source>
        <translation>मोबाइल नंबर 6, 7, 8 या 9 से शुरू होता है।</translation>
    </message>
    <message>
        <source>A name cannot contain digits.</source>
        <translation>नाम में अंक नहीं हो सकते।</translation>
    </message>
    <message>
        <source>Age must be 0 to {maximum} years.</source>
        <translation>आयु 0 से {maximum} वर्ष तक होनी चाहिए।</translation>
    </message>
    <message>
        <source>An ABHA address cannot start or end with a dot.</source>
        <translation>आभा पता बिंदु से शुरू या ख़त्म नहीं हो सकता।</translation>
    </message>
    <message>
        <source>An ABHA address cannot start with a digit.</source>
        <translation>आभा पता अंक से शुरू नहीं हो सकता।</translation>
    </message>
    <message>
        <source>An ABHA address ends in @abdm.</source>
        <translation>आभा पता @abdm पर ख़त्म होता है।</translation>
    </message>
    <message>
        <source>An ABHA address has at least {minimum} characters before the @.</source>
        <translation>आभा पते में @ से पहले कम से कम {minimum} अक्षर होते हैं।</translation>
    </message>
    <message>
        <source>An ABHA address has at most {maximum} characters before the @.</source>
        <translation>आभा पते में @ से पहले अधिकतम {maximum} अक्षर होते हैं।</translation>
    </message>
    <message>
        <source>An ABHA number has only digits.</source>
        <translation>आभा नंबर में केवल अंक होते हैं।</translation>
    </message>
    <message>
        <source>An ABHA number has {expected} digits; this one has {got}.</source>
        <translation>आभा नंबर में {expected} अंक होते हैं; इसमें {got} हैं।</translation>
    </message>
    <message>
        <source>At most {maximum} characters.</source>
        <translation>अधिकतम {maximum} अक्षर।</translation>
    </message>
    <message>
        <source>Choose a relation from the list.</source>
        <translation>सूची से रिश्ता चुनें।</translation>
    </message>
    <message>
        <source>Choose a state from the list.</source>
        <translation>सूची से राज्य चुनें।</translation>
    </message>
    <message>
        <source>Choose a unit for the duration.</source>
        <translation>अवधि की इकाई चुनें।</translation>
    </message>
    <message>
        <source>Choose female, male or other.</source>
        <translation>महिला, पुरुष या अन्य चुनें।</translation>
    </message>
    <message>
        <source>Choose the specialty to consult.</source>
        <translation>परामर्श के लिए विशेषज्ञता चुनें।</translation>
    </message>
    <message>
        <source>Choose the state.</source>
        <translation>राज्य चुनें।</translation>
    </message>
    <message>
        <source>Duration must be 1 to 999.</source>
        <translation>अवधि 1 से 999 तक होनी चाहिए।</translation>
    </message>
    <message>
        <source>Enter a mobile number, or choose why there is none.</source>
        <translation>मोबाइल नंबर लिखें, या चुनें कि नंबर क्यों नहीं है।</translation>
    </message>
    <message>
        <source>Enter at least one complaint.</source>
        <translation>कम से कम एक शिकायत लिखें।</translation>
    </message>
    <message>
        <source>Enter both systolic and diastolic.</source>
        <translation>सिस्टोलिक और डायस्टोलिक दोनों लिखें।</translation>
    </message>
    <message>
        <source>Enter the PIN code.</source>
        <translation>पिन कोड लिखें।</translation>
    </message>
    <message>
        <source>Enter the date of birth or the age.</source>
        <translation>जन्म तिथि या आयु लिखें।</translation>
    </message>
    <message>
        <source>Enter the district.</source>
        <translation>ज़िला लिखें।</translation>
    </message>
    <message>
        <source>Enter the name of the guardian giving consent.</source>
        <translation>सहमति देने वाले अभिभावक का नाम लिखें।</translation>
    </message>
    <message>
        <source>Enter the name.</source>
        <translation>नाम लिखें।</translation>
    </message>
    <message>
        <source>Enter the village or town.</source>
        <translation>गाँव या शहर लिखें।</translation>
    </message>
    <message>
        <source>For a child, consent must come from the guardian named at registration.</source>
        <translation>बच्चे के लिए सहमति पंजीकरण में दर्ज अभिभावक ही दे सकते हैं।</translation>
    </message>
    <message>
        <source>High (normal {low}–{high})</source>
        <translation>अधिक (सामान्य {low}–{high})</translation>
    </message>
    <message>
        <source>Low (normal {low}–{high})</source>
        <translation>कम (सामान्य {low}–{high})</translation>
    </message>
    <message>
        <source>Months must be 0 to 11.</source>
        <translation>महीने 0 से 11 तक होने चाहिए।</translation>
    </message>
    <message>
        <source>No QR code found. Hold the card flat and fill the frame.</source>
        <translation>कोई QR कोड नहीं मिला। कार्ड को सीधा रखें और पूरे फ़्रेम में लाएँ।</translation>
    </message>
    <message>
        <source>No consent, no consult: record consent to the teleconsultation.</source>
        <translation>सहमति नहीं तो परामर्श नहीं: टेली-परामर्श की सहमति दर्ज करें।</translation>
    </message>
    <message>
        <source>Not possible: diastolic ({diastolic}) must be below systolic ({systolic}).</source>
        <translation>संभव नहीं: डायस्टोलिक ({diastolic}) सिस्टोलिक ({systolic}) से कम होना चाहिए।</translation>
    </message>
    <message>
        <source>Not possible: enter a value from {low} to {high}.</source>
        <translation>संभव नहीं: {low} से {high} के बीच मान लिखें।</translation>
    </message>
    <message>
        <source>Not possible: {gap} mmHg between the two (at most {maximum}). Check both.</source>
        <translation>संभव नहीं: दोनों में {gap} mmHg का अंतर (अधिकतम {maximum})। दोनों जाँचें।</translation>
    </message>
    <message>
        <source>Numbers only (for example 98 or 36.5).</source>
        <translation>केवल अंक लिखें (जैसे 98 या 36.5)।</translation>
    </message>
    <message>
        <source>Please check this ABHA number against the card: the check digit differs.</source>
        <translation>कृपया यह आभा नंबर कार्ड से मिलाएँ: जाँच अंक मेल नहीं खाता।</translation>
    </message>
    <message>
        <source>Please check this value.</source>
        <translation>कृपया यह मान जाँचें।</translation>
    </message>
    <message>
        <source>Sign in before recording consent.</source>
        <translation>सहमति दर्ज करने से पहले साइन इन करें।</translation>
    </message>
    <message>
        <source>That is more than {maximum} years ago.</source>
        <translation>यह {maximum} वर्ष से भी पहले की तिथि है।</translation>
    </message>
    <message>
        <source>The consent time is not valid.</source>
        <translation>सहमति का समय मान्य नहीं है।</translation>
    </message>
    <message>
        <source>The date of birth is in the future.</source>
        <translation>जन्म तिथि भविष्य में है।</translation>
    </message>
    <message>
        <source>The patient is a minor: the guardian gives consent.</source>
        <translation>मरीज़ नाबालिग है: सहमति अभिभावक देंगे।</translation>
    </message>
    <message>
        <source>This QR code is not from an ABHA card.</source>
        <translation>यह QR कोड आभा कार्ड का नहीं है।</translation>
    </message>
    <message>
        <source>This QR has an ABHA number that is not valid.</source>
        <translation>इस QR में दिया आभा नंबर मान्य नहीं है।</translation>
    </message>
    <message>
        <source>This file is not a picture.</source>
        <translation>यह फ़ाइल चित्र नहीं है।</translation>
    </message>
    <message>
        <source>This looks like °C. Switch the unit to °C, or enter °F ({low}–{high}).</source>
        <translation>यह °C जैसा लगता है। इकाई °C पर बदलें, या °F में लिखें ({low}–{high})।</translation>
    </message>
    <message>
        <source>This looks like °F. Switch the unit to °F, or enter °C ({low}–{high}).</source>
        <translation>यह °F जैसा लगता है। इकाई °F पर बदलें, या °C में लिखें ({low}–{high})।</translation>
    </message>
    <message>
        <source>Use letters in English or Hindi (Devanagari) only.</source>
        <translation>केवल अंग्रेज़ी या हिंदी (देवनागरी) अक्षर लिखें।</translation>
    </message>
    <message>
        <source>Use only English letters, digits and dots.</source>
        <translation>केवल अंग्रेज़ी अक्षर, अंक और बिंदु लिखें।</translation>
    </message>
    <message>
        <source>Weight and height give a BMI of {bmi}: check both.</source>
        <translation>वज़न और लंबाई से BMI {bmi} आता है: दोनों जाँचें।</translation>
    </message>
    <message>
        <source>Write the addendum first.</source>
        <translation>पहले परिशिष्ट लिखें।</translation>
    </message>
    <message>
        <source>Write the name in one script: English or Hindi.</source>
        <translation>नाम एक ही लिपि में लिखें: अंग्रेज़ी या हिंदी।</translation>
    </message>
</context>
<context>
    <name>NetworkReportPage</name>
    <message>
        <source>%1 to %2</source>
        <translation>%1 से %2 तक</translation>
    </message>
    <message>
        <source>(no district)</source>
        <translation>(ज़िला नहीं)</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>सभी राज्य</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>रद्द करें</translation>
    </message>
    <message>
        <source>Choose a date range and press Show.</source>
        <translation>तारीख़ों की अवधि चुनें और "दिखाएँ" दबाएँ।</translation>
    </message>
    <message>
        <source>District</source>
        <translation>ज़िला</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>CSV निर्यात करें</translation>
    </message>
    <message>
        <source>Export the table as CSV</source>
        <translation>तालिका को CSV में निर्यात करें</translation>
    </message>
    <message>
        <source>Facility</source>
        <translation>स्वास्थ्य केंद्र</translation>
    </message>
    <message>
        <source>From</source>
        <translation>से</translation>
    </message>
    <message>
        <source>Network report</source>
        <translation>नेटवर्क रिपोर्ट</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>PDF के रूप में सहेजें</translation>
    </message>
    <message>
        <source>Save the report as PDF</source>
        <translation>रिपोर्ट को PDF के रूप में सहेजें</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>दिखाएँ</translation>
    </message>
    <message>
        <source>State</source>
        <translation>राज्य</translation>
    </message>
    <message>
        <source>Teleconsultations by state</source>
        <translation>राज्यवार टेली-परामर्श</translation>
    </message>
    <message>
        <source>The file could not be saved. Choose another folder and try again.</source>
        <translation>फ़ाइल सहेजी नहीं जा सकी। कोई दूसरा फ़ोल्डर चुनें और फिर से प्रयास करें।</translation>
    </message>
    <message>
        <source>This report is outside the states or districts of your account.</source>
        <translation>यह रिपोर्ट आपके खाते को सौंपे गए राज्यों या ज़िलों से बाहर है।</translation>
    </message>
    <message>
        <source>To</source>
        <translation>तक</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>कुल</translation>
    </message>
    <message>
        <source>Total (your states)</source>
        <translation>कुल (आपके राज्य)</translation>
    </message>
    <message>
        <source>Your states: %1</source>
        <translation>आपके राज्य: %1</translation>
    </message>
</context>
<context>
    <name>OfferNotifier</name>
    <message>
        <source>A new consultation is offered to you.</source>
        <translation>आपको एक नया परामर्श दिया गया है।</translation>
    </message>
    <message>
        <source>Spoke Clinic</source>
        <translation>स्पोक क्लिनिक</translation>
    </message>
</context>
<context>
    <name>PatientHistoryModel</name>
    <message>
        <source>Attachment: %1</source>
        <translation>संलग्नक: %1</translation>
    </message>
    <message>
        <source>Consult</source>
        <translation>परामर्श</translation>
    </message>
    <message>
        <source>Consult status</source>
        <translation>परामर्श की स्थिति</translation>
    </message>
    <message>
        <source>Recording, segment %1</source>
        <translation>रिकॉर्डिंग, भाग %1</translation>
    </message>
    <message>
        <source>What</source>
        <translation>क्या</translation>
    </message>
    <message>
        <source>When</source>
        <translation>कब</translation>
    </message>
</context>
<context>
    <name>PatientPage</name>
    <message>
        <source>Back to search (Esc)</source>
        <translation>खोज पर वापस (Esc)</translation>
    </message>
    <message>
        <source>Earlier consults, recordings and attachments</source>
        <translation>पिछले परामर्श, रिकॉर्डिंग और संलग्नक</translation>
    </message>
    <message>
        <source>No earlier consults.</source>
        <translation>कोई पिछला परामर्श नहीं।</translation>
    </message>
    <message>
        <source>Start or continue today's consult (Ctrl+N)</source>
        <translation>आज का परामर्श शुरू करें या जारी रखें (Ctrl+N)</translation>
    </message>
</context>
<context>
    <name>PatientRegistrationForm</name>
    <message>
        <source>10 digits</source>
        <translation>10 अंक</translation>
    </message>
    <message>
        <source>ABHA address</source>
        <translation>आभा पता</translation>
    </message>
    <message>
        <source>ABHA number</source>
        <translation>आभा नंबर</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>रद्द करें (Esc)</translation>
    </message>
    <message>
        <source>Could not save. Please try again.</source>
        <translation>सहेजा नहीं जा सका। कृपया फिर से कोशिश करें।</translation>
    </message>
    <message>
        <source>DD-MM-YYYY</source>
        <translation>दिन-माह-वर्ष</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>जन्म तिथि</translation>
    </message>
    <message>
        <source>District</source>
        <translation>ज़िला</translation>
    </message>
    <message>
        <source>Edit patient</source>
        <translation>मरीज़ का विवरण बदलें</translation>
    </message>
    <message>
        <source>Family name</source>
        <translation>उपनाम</translation>
    </message>
    <message>
        <source>Filled from the ABHA QR. Please check every field.</source>
        <translation>आभा QR से भरा गया। कृपया हर खाना जाँचें।</translation>
    </message>
    <message>
        <source>Given name</source>
        <translation>पहला नाम</translation>
    </message>
    <message>
        <source>Guardian is the</source>
        <translation>अभिभावक का रिश्ता</translation>
    </message>
    <message>
        <source>Guardian's name</source>
        <translation>अभिभावक का नाम</translation>
    </message>
    <message>
        <source>Hold the ABHA card in front of the camera…</source>
        <translation>आभा कार्ड को कैमरे के सामने रखें…</translation>
    </message>
    <message>
        <source>House, street</source>
        <translation>मकान, गली</translation>
    </message>
    <message>
        <source>If no mobile</source>
        <translation>मोबाइल न हो तो</translation>
    </message>
    <message>
        <source>LGD district code %1 from the ABHA card: type the name</source>
        <translation>आभा कार्ड से LGD ज़िला कोड %1: ज़िले का नाम लिखें</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>मोबाइल</translation>
    </message>
    <message>
        <source>New patient</source>
        <translation>नया मरीज़</translation>
    </message>
    <message>
        <source>PIN code</source>
        <translation>पिन कोड</translation>
    </message>
    <message>
        <source>Photo (optional)</source>
        <translation>फ़ोटो (वैकल्पिक)</translation>
    </message>
    <message>
        <source>Please correct the fields marked in red.</source>
        <translation>कृपया लाल निशान वाले खाने ठीक करें।</translation>
    </message>
    <message>
        <source>Read ABHA QR from picture… (Ctrl+Q)</source>
        <translation>चित्र से आभा QR पढ़ें… (Ctrl+Q)</translation>
    </message>
    <message>
        <source>Read ABHA QR with camera (Ctrl+Shift+Q)</source>
        <translation>कैमरे से आभा QR पढ़ें (Ctrl+Shift+Q)</translation>
    </message>
    <message>
        <source>Save (Enter)</source>
        <translation>सहेजें (Enter)</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>सहेजा गया।</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>सहेजा जा रहा है…</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>लिंग</translation>
    </message>
    <message>
        <source>State / UT</source>
        <translation>राज्य / केंद्रशासित प्रदेश</translation>
    </message>
    <message>
        <source>This person may already be registered.</source>
        <translation>यह व्यक्ति शायद पहले से पंजीकृत है।</translation>
    </message>
    <message>
        <source>Village or town</source>
        <translation>गाँव या शहर</translation>
    </message>
    <message>
        <source>in English or Hindi</source>
        <translation>अंग्रेज़ी या हिंदी में</translation>
    </message>
    <message>
        <source>months</source>
        <translation>महीने</translation>
    </message>
    <message>
        <source>name@abdm</source>
        <translation>नाम@abdm</translation>
    </message>
    <message>
        <source>or age (estimated)</source>
        <translation>या आयु (अनुमानित)</translation>
    </message>
    <message>
        <source>required for a child under 18</source>
        <translation>18 वर्ष से कम के बच्चे के लिए ज़रूरी</translation>
    </message>
    <message>
        <source>years</source>
        <translation>वर्ष</translation>
    </message>
</context>
<context>
    <name>PatientSearchPage</name>
    <message>
        <source>Name (English or Hindi), mobile, ABHA number or patient id (Ctrl+F)</source>
        <translation>नाम (अंग्रेज़ी या हिंदी), मोबाइल, आभा नंबर या मरीज़ आईडी (Ctrl+F)</translation>
    </message>
    <message>
        <source>New patient (Ctrl+N)</source>
        <translation>नया मरीज़ (Ctrl+N)</translation>
    </message>
    <message>
        <source>No patient found. Press Ctrl+N to register.</source>
        <translation>कोई मरीज़ नहीं मिला। पंजीकरण के लिए Ctrl+N दबाएँ।</translation>
    </message>
    <message>
        <source>Patients</source>
        <translation>मरीज़</translation>
    </message>
</context>
<context>
    <name>PatientSummary</name>
    <message>
        <source>%1 months</source>
        <translation>%1 महीने</translation>
    </message>
    <message>
        <source>%1 years</source>
        <translation>%1 वर्ष</translation>
    </message>
    <message>
        <source>1 month</source>
        <translation>1 महीना</translation>
    </message>
    <message>
        <source>1 year</source>
        <translation>1 वर्ष</translation>
    </message>
    <message>
        <source>ABHA %1</source>
        <translation>आभा %1</translation>
    </message>
    <message>
        <source>Allergies: %1</source>
        <translation>एलर्जी: %1</translation>
    </message>
    <message>
        <source>Allergies: none recorded</source>
        <translation>एलर्जी: कोई दर्ज नहीं</translation>
    </message>
    <message>
        <source>Id %1</source>
        <translation>आईडी %1</translation>
    </message>
</context>
<context>
    <name>PatientTableModel</name>
    <message>
        <source>ABHA number</source>
        <translation>आभा नंबर</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>आयु</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>अंतिम बदलाव</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>मोबाइल</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>नाम</translation>
    </message>
    <message>
        <source>Patient id</source>
        <translation>मरीज़ आईडी</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>लिंग</translation>
    </message>
    <message>
        <source>Village or town</source>
        <translation>गाँव या शहर</translation>
    </message>
</context>
<context>
    <name>PdfViewer</name>
    <message>
        <source>Next page</source>
        <translation>अगला पृष्ठ</translation>
    </message>
    <message>
        <source>No document open.</source>
        <translation>कोई दस्तावेज़ खुला नहीं है।</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>पृष्ठ %1 / %2</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>पिछला पृष्ठ</translation>
    </message>
    <message>
        <source>This file is not a PDF that can be shown.</source>
        <translation>यह फ़ाइल ऐसी PDF नहीं है जिसे दिखाया जा सके।</translation>
    </message>
</context>
<context>
    <name>PendingItemsModel</name>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Consultation</source>
        <translation>परामर्श</translation>
    </message>
    <message>
        <source>File</source>
        <translation>फ़ाइल</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>मद</translation>
    </message>
    <message>
        <source>Needs review: the hub has a different version</source>
        <translation>समीक्षा आवश्यक: हब के पास अलग संस्करण है</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>नहीं भेजा गया: %1</translation>
    </message>
    <message>
        <source>Patient record</source>
        <translation>मरीज़ का रिकॉर्ड</translation>
    </message>
    <message>
        <source>Picture</source>
        <translation>चित्र</translation>
    </message>
    <message>
        <source>Recording segment %1</source>
        <translation>रिकॉर्डिंग का भाग %1</translation>
    </message>
    <message>
        <source>Saved at</source>
        <translation>सहेजा गया</translation>
    </message>
    <message>
        <source>Sending %1 of %2</source>
        <translation>%2 में से %1 भेजा जा रहा है</translation>
    </message>
    <message>
        <source>State</source>
        <translation>स्थिति</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>प्रयास</translation>
    </message>
    <message>
        <source>Waiting for the consultation to be sent</source>
        <translation>परामर्श के भेजे जाने की प्रतीक्षा में</translation>
    </message>
    <message>
        <source>Waiting for the patient record to be sent</source>
        <translation>मरीज़ के रिकॉर्ड के भेजे जाने की प्रतीक्षा में</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>भेजे जाने की प्रतीक्षा में</translation>
    </message>
    <message>
        <source>Waiting to retry: %1</source>
        <translation>फिर से प्रयास की प्रतीक्षा: %1</translation>
    </message>
</context>
<context>
    <name>PhotoPicker</name>
    <message>
        <source>No photo</source>
        <translation>फ़ोटो नहीं</translation>
    </message>
    <message>
        <source>No picture from the camera. Check the Camera page, then try again.</source>
        <translation>कैमरे से कोई तस्वीर नहीं मिली। कैमरा पेज देखें, फिर दोबारा कोशिश करें।</translation>
    </message>
    <message>
        <source>Photo from camera</source>
        <translation>कैमरे से फ़ोटो</translation>
    </message>
    <message>
        <source>Photo from file…</source>
        <translation>फ़ाइल से फ़ोटो…</translation>
    </message>
    <message>
        <source>Photo of the patient</source>
        <translation>मरीज़ की फ़ोटो</translation>
    </message>
    <message>
        <source>Pictures (*.png *.jpg *.jpeg *.bmp)</source>
        <translation>चित्र (*.png *.jpg *.jpeg *.bmp)</translation>
    </message>
</context>
<context>
    <name>PlayerDialog</name>
    <message>
        <source>Consult recording</source>
        <translation>परामर्श की रिकॉर्डिंग</translation>
    </message>
</context>
<context>
    <name>PlayerWidget</name>
    <message>
        <source>Damaged and skipped: %1. The rest of the recording plays.</source>
        <translation>ख़राब होने के कारण छोड़ा गया: %1। बाकी रिकॉर्डिंग चलेगी।</translation>
    </message>
    <message>
        <source>Export as MP4...</source>
        <translation>MP4 के रूप में निर्यात करें...</translation>
    </message>
    <message>
        <source>Export recording</source>
        <translation>रिकॉर्डिंग निर्यात करें</translation>
    </message>
    <message>
        <source>Exported. The exported file is not encrypted: keep it safe.</source>
        <translation>निर्यात हो गया। निर्यात की गई फ़ाइल एन्क्रिप्टेड नहीं है: इसे सुरक्षित रखें।</translation>
    </message>
    <message>
        <source>MP4 video (*.mp4)</source>
        <translation>MP4 वीडियो (*.mp4)</translation>
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
        <source>Saves an unencrypted copy; the export is recorded in the audit log.</source>
        <translation>बिना एन्क्रिप्शन की प्रति सहेजता है; निर्यात ऑडिट लॉग में दर्ज होता है।</translation>
    </message>
    <message>
        <source>The recording could not be exported. Nothing was saved.</source>
        <translation>रिकॉर्डिंग निर्यात नहीं हो सकी। कुछ भी सहेजा नहीं गया।</translation>
    </message>
    <message>
        <source>The recording could not be exported: part %1 of %2 (%3 to %4) is damaged. Nothing was saved.</source>
        <translation>रिकॉर्डिंग निर्यात नहीं हो सकी: %2 में से भाग %1 (%3 से %4 तक) ख़राब है। कुछ भी सहेजा नहीं गया।</translation>
    </message>
    <message>
        <source>part %1 of %2 (%3 to %4)</source>
        <translation>%2 में से भाग %1 (%3 से %4 तक)</translation>
    </message>
</context>
<context>
    <name>PrecheckDialog</name>
    <message>
        <source>Video is likely to work</source>
        <translation>वीडियो चलने की संभावना है</translation>
    </message>
    <message>
        <source>Use audio only</source>
        <translation>केवल ऑडियो का उपयोग करें</translation>
    </message>
    <message>
        <source>No connection to the hub</source>
        <translation>हब से कोई कनेक्शन नहीं</translation>
    </message>
    <message>
        <source>not measured</source>
        <translation>मापा नहीं गया</translation>
    </message>
    <message>
        <source>%1 pictures a second</source>
        <translation>%1 चित्र प्रति सेकंड</translation>
    </message>
    <message>
        <source>Camera: %1</source>
        <translation>कैमरा: %1</translation>
    </message>
    <message>
        <source>no pictures</source>
        <translation>कोई चित्र नहीं</translation>
    </message>
    <message>
        <source>Microphone: %1</source>
        <translation>माइक्रोफ़ोन: %1</translation>
    </message>
    <message>
        <source>loudest sound %1 dB</source>
        <translation>सबसे तेज़ आवाज़ %1 dB</translation>
    </message>
    <message>
        <source>Round trip to the hub: %1</source>
        <translation>हब तक आने-जाने का समय: %1</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 मि.से.</translation>
    </message>
    <message>
        <source>From the hub: %1</source>
        <translation>हब से: %1</translation>
    </message>
    <message>
        <source>To the hub: %1</source>
        <translation>हब को: %1</translation>
    </message>
    <message>
        <source>%1 kbit/s</source>
        <translation>%1 किलोबिट/से.</translation>
    </message>
    <message>
        <source>The camera sends no pictures: check it is connected.</source>
        <translation>कैमरा कोई चित्र नहीं भेज रहा: जाँचें कि वह जुड़ा है।</translation>
    </message>
    <message>
        <source>The microphone hears nothing: check it is connected and not muted.</source>
        <translation>माइक्रोफ़ोन कुछ नहीं सुन रहा: जाँचें कि वह जुड़ा है और म्यूट नहीं है।</translation>
    </message>
    <message>
        <source>The connection is too slow for video.</source>
        <translation>कनेक्शन वीडियो के लिए बहुत धीमा है।</translation>
    </message>
    <message>
        <source>The connection answers too slowly for video.</source>
        <translation>कनेक्शन वीडियो के लिए बहुत देर से जवाब देता है।</translation>
    </message>
    <message>
        <source>Check before the call</source>
        <translation>कॉल से पहले जाँच</translation>
    </message>
    <message>
        <source>Checking the camera, the microphone and the connection to the hub</source>
        <translation>कैमरा, माइक्रोफ़ोन और हब से कनेक्शन की जाँच हो रही है</translation>
    </message>
    <message>
        <source>Watching the camera and listening to the microphone...</source>
        <translation>कैमरा देखा जा रहा है और माइक्रोफ़ोन सुना जा रहा है...</translation>
    </message>
    <message>
        <source>Measuring the round trip to the hub...</source>
        <translation>हब तक आने-जाने का समय मापा जा रहा है...</translation>
    </message>
    <message>
        <source>Measuring the connection speed...</source>
        <translation>कनेक्शन की गति मापी जा रही है...</translation>
    </message>
    <message>
        <source>Check finished</source>
        <translation>जाँच पूरी हुई</translation>
    </message>
    <message>
        <source>Check cancelled</source>
        <translation>जाँच रद्द की गई</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>रद्द करें</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>फिर से जाँचें</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>बंद करें</translation>
    </message>
</context>
<context>
    <name>Prescribe</name>
    <message>
        <source>The hub did not take it: the consultation is not in progress with you (accept it first), or a different prescription was just sent from here. Close and reopen the prescription.</source>
        <translation>हब ने इसे नहीं लिया: परामर्श आपके पास चालू नहीं है (पहले इसे स्वीकार करें), या यहाँ से अभी एक अलग पर्चा भेजा गया है। पर्चा बंद करके फिर से खोलें।</translation>
    </message>
    <message>
        <source>This consultation is not with you at the hub: claim or accept it in the queue first.</source>
        <translation>हब पर यह परामर्श आपके पास नहीं है: पहले इसे कतार में लें या स्वीकार करें।</translation>
    </message>
    <message>
        <source>Your hub account has no medical registration number: the hub administrator must add it before you can sign prescriptions.</source>
        <translation>आपके हब खाते में चिकित्सा पंजीकरण संख्या नहीं है: पर्चे पर हस्ताक्षर करने से पहले हब प्रशासक को इसे जोड़ना होगा।</translation>
    </message>
    <message>
        <source>Before signing, enter your qualification and your medical council in your prescriber profile.</source>
        <translation>हस्ताक्षर करने से पहले अपनी प्रिस्क्राइबर प्रोफ़ाइल में अपनी योग्यता और अपनी चिकित्सा परिषद दर्ज करें।</translation>
    </message>
</context>
<context>
    <name>PrescribeDialog</name>
    <message>
        <source>Loading the consultation's rules and stock…</source>
        <translation>परामर्श के नियम और स्टॉक लोड हो रहे हैं…</translation>
    </message>
    <message>
        <source>Prescription</source>
        <translation>पर्चा</translation>
    </message>
    <message>
        <source>Prescriber profile…</source>
        <translation>प्रिस्क्राइबर प्रोफ़ाइल…</translation>
    </message>
    <message>
        <source>Correct</source>
        <translation>सुधारें</translation>
    </message>
    <message>
        <source>A signed prescription cannot change: write a new version that replaces it.</source>
        <translation>हस्ताक्षरित पर्चा बदला नहीं जा सकता: उसकी जगह लेने वाला नया संस्करण लिखें।</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>बंद करें</translation>
    </message>
    <message>
        <source>Consultation: loading…</source>
        <translation>परामर्श: लोड हो रहा है…</translation>
    </message>
    <message>
        <source>The spoke's stock is not known: no stock flags.</source>
        <translation>स्पोक का स्टॉक पता नहीं है: स्टॉक की कोई चेतावनी नहीं।</translation>
    </message>
    <message>
        <source>The spoke's stock: %1 items.</source>
        <translation>स्पोक का स्टॉक: %1 दवाएँ।</translation>
    </message>
    <message>
        <source>Follow-up of a consultation completed within %1 days.</source>
        <translation>%1 दिनों के भीतर पूरे हुए परामर्श का फ़ॉलो-अप।</translation>
    </message>
    <message>
        <source>Linked to an earlier consultation, but not a follow-up for the rules (outside the window or not completed).</source>
        <translation>पिछले परामर्श से जुड़ा, पर नियमों के अनुसार फ़ॉलो-अप नहीं (अवधि से बाहर या पूरा नहीं हुआ)।</translation>
    </message>
    <message>
        <source>qualification missing</source>
        <translation>योग्यता नहीं दी गई</translation>
    </message>
    <message>
        <source>Reg. %1</source>
        <translation>पंजी. %1</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>नहीं दी गई</translation>
    </message>
    <message>
        <source>council missing</source>
        <translation>परिषद नहीं दी गई</translation>
    </message>
    <message>
        <source>Signed by: %1</source>
        <translation>हस्ताक्षरकर्ता: %1</translation>
    </message>
    <message>
        <source>Signed and sent. It cannot be changed: use Correct for a new version.</source>
        <translation>हस्ताक्षर करके भेजा गया। इसे बदला नहीं जा सकता: नए संस्करण के लिए "सुधारें" का उपयोग करें।</translation>
    </message>
    <message>
        <source>Signing and sending…</source>
        <translation>हस्ताक्षर करके भेजा जा रहा है…</translation>
    </message>
    <message>
        <source>Correcting: the new version will replace the signed one.</source>
        <translation>सुधार: नया संस्करण हस्ताक्षरित पर्चे की जगह लेगा।</translation>
    </message>
    <message>
        <source>Prescriber profile saved. You can sign now.</source>
        <translation>प्रिस्क्राइबर प्रोफ़ाइल सहेजी गई। अब आप हस्ताक्षर कर सकते हैं।</translation>
    </message>
</context>
<context>
    <name>PrescriberDialog</name>
    <message>
        <source>Prescriber profile</source>
        <translation>प्रिस्क्राइबर प्रोफ़ाइल</translation>
    </message>
    <message>
        <source>Printed on every prescription you sign. Your name and registration number come from your hub account.</source>
        <translation>आपके हर हस्ताक्षरित पर्चे पर छपता है। आपका नाम और पंजीकरण संख्या आपके हब खाते से आते हैं।</translation>
    </message>
    <message>
        <source>none: ask the hub administrator</source>
        <translation>नहीं है: हब प्रशासक से पूछें</translation>
    </message>
    <message>
        <source>e.g. MBBS, MD (Medicine)</source>
        <translation>जैसे MBBS, MD (मेडिसिन)</translation>
    </message>
    <message>
        <source>e.g. Madhya Pradesh Medical Council</source>
        <translation>जैसे मध्य प्रदेश मेडिकल काउंसिल</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>नाम</translation>
    </message>
    <message>
        <source>Registration number</source>
        <translation>पंजीकरण संख्या</translation>
    </message>
    <message>
        <source>Qualification</source>
        <translation>योग्यता</translation>
    </message>
    <message>
        <source>Medical council</source>
        <translation>चिकित्सा परिषद</translation>
    </message>
    <message>
        <source>Enter your qualification and your medical council: both are required.</source>
        <translation>अपनी योग्यता और अपनी चिकित्सा परिषद दर्ज करें: दोनों ज़रूरी हैं।</translation>
    </message>
</context>
<context>
    <name>PrescriptionButton</name>
    <message>
        <source>Prescription…</source>
        <translation>पर्चा…</translation>
    </message>
</context>
<context>
    <name>PrescriptionView</name>
    <message>
        <source>Signature verified: this is the doctor's prescription.</source>
        <translation>हस्ताक्षर की जाँच हो गई: यह डॉक्टर का ही पर्चा है।</translation>
    </message>
    <message>
        <source>The prescription does not match the doctor's signature: it was changed after signing. It cannot be printed, and no medicine may be dispensed from it. Ask the hub to send it again.</source>
        <translation>पर्चा डॉक्टर के हस्ताक्षर से मेल नहीं खाता: हस्ताक्षर के बाद इसे बदला गया है। इसे छापा नहीं जा सकता और इससे कोई दवा नहीं दी जा सकती। हब से इसे फिर से भेजने को कहें।</translation>
    </message>
    <message>
        <source>The prescription arrived damaged. It cannot be printed, and no medicine may be dispensed from it. Ask the hub to send it again.</source>
        <translation>पर्चा खराब हालत में मिला। इसे छापा नहीं जा सकता और इससे कोई दवा नहीं दी जा सकती। हब से इसे फिर से भेजने को कहें।</translation>
    </message>
    <message>
        <source>The doctor's signing key is not known here, so the signature cannot be checked. It cannot be printed until the hub sends the key (connect to the hub).</source>
        <translation>डॉक्टर की हस्ताक्षर कुंजी यहाँ मालूम नहीं है, इसलिए हस्ताक्षर की जाँच नहीं हो सकती। हब से कुंजी आने तक इसे छापा नहीं जा सकता (हब से जुड़ें)।</translation>
    </message>
    <message>
        <source>The doctor's signing key is not valid, so the signature cannot be checked. It cannot be printed.</source>
        <translation>डॉक्टर की हस्ताक्षर कुंजी सही नहीं है, इसलिए हस्ताक्षर की जाँच नहीं हो सकती। इसे छापा नहीं जा सकता।</translation>
    </message>
    <message>
        <source>The prescription carries no valid signature. It cannot be printed.</source>
        <translation>पर्चे पर कोई सही हस्ताक्षर नहीं है। इसे छापा नहीं जा सकता।</translation>
    </message>
    <message>
        <source>The signature could not be checked. It cannot be printed.</source>
        <translation>हस्ताक्षर की जाँच नहीं हो सकी। इसे छापा नहीं जा सकता।</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>रेफ़र किया गया</translation>
    </message>
    <message>
        <source>Reached the facility</source>
        <translation>केंद्र पहुँच गए</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>बंद</translation>
    </message>
    <message>
        <source>This prescription was dispensed already.</source>
        <translation>इस पर्चे की दवाएँ पहले ही दी जा चुकी हैं।</translation>
    </message>
    <message>
        <source>The dispensing could not be saved. Please try again.</source>
        <translation>दी गई दवाएँ सहेजी नहीं जा सकीं। कृपया फिर से कोशिश करें।</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>रोगी</translation>
    </message>
    <message>
        <source>Diagnosis</source>
        <translation>निदान</translation>
    </message>
    <message>
        <source>Investigations</source>
        <translation>जाँचें</translation>
    </message>
    <message>
        <source>Advice</source>
        <translation>सलाह</translation>
    </message>
    <message>
        <source>Follow-up on</source>
        <translation>दोबारा दिखाने की तारीख़</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>रेफ़रल</translation>
    </message>
    <message>
        <source>Referral status</source>
        <translation>रेफ़रल की स्थिति</translation>
    </message>
    <message>
        <source>Doctor</source>
        <translation>डॉक्टर</translation>
    </message>
    <message>
        <source>No prescription has arrived for this consult yet.</source>
        <translation>इस परामर्श का पर्चा अभी नहीं आया है।</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>जाँचा गया</translation>
    </message>
    <message>
        <source>changed after signing</source>
        <translation>हस्ताक्षर के बाद बदला गया</translation>
    </message>
    <message>
        <source>not checkable</source>
        <translation>जाँच संभव नहीं</translation>
    </message>
    <message>
        <source>Registration no. %1 (%2)</source>
        <translation>पंजीकरण संख्या %1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>Dispensed by %1: %n medicine(s) given.</source>
        <translation>
            <numerusform>%1 द्वारा दी गईं: %n दवा दी गई।</numerusform>
            <numerusform>%1 द्वारा दी गईं: %n दवा दी गई।</numerusform>
        </translation>
    </message>
    <message>
        <source>Save prescription as PDF</source>
        <translation>पर्चा PDF के रूप में सहेजें</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF फ़ाइलें (*.pdf)</translation>
    </message>
    <message>
        <source>Prescription</source>
        <translation>पर्चा</translation>
    </message>
    <message>
        <source>Versions received (✓ the one in force)</source>
        <translation>मिले हुए संस्करण (✓ जो लागू है)</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>छापें…</translation>
    </message>
    <message>
        <source>Preview…</source>
        <translation>पूर्वावलोकन…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>PDF के रूप में सहेजें…</translation>
    </message>
    <message>
        <source>Print referral slip…</source>
        <translation>रेफ़रल पर्ची छापें…</translation>
    </message>
    <message>
        <source>Dispense…</source>
        <translation>दवा दें…</translation>
    </message>
    <message>
        <source>Record the medicines given to the patient; they are taken out of stock.</source>
        <translation>मरीज़ को दी गई दवाएँ दर्ज करें; वे भंडार से घट जाती हैं।</translation>
    </message>
    <message>
        <source>Medicines</source>
        <translation>दवाइयाँ</translation>
    </message>
</context>
<context>
    <name>PrescriptionsPage</name>
    <message>
        <source>No Spoke Clinic prescription code could be read from this picture. Try a sharper, well-lit picture of the whole code.</source>
        <translation>इस तस्वीर से स्पोक क्लिनिक के पर्चे का कोड नहीं पढ़ा जा सका। पूरे कोड की साफ़ और अच्छी रोशनी वाली तस्वीर लें।</translation>
    </message>
    <message>
        <source>NOT VALID: this prescription does not match the doctor's signature. It may have been changed. Doctor named on it: %1</source>
        <translation>अमान्य: यह पर्चा डॉक्टर के हस्ताक्षर से मेल नहीं खाता। हो सकता है इसे बदला गया हो। इस पर लिखे डॉक्टर: %1</translation>
    </message>
    <message>
        <source>NOT VALID: this prescription is signed with a key that is not the key of the doctor named on it, as this clinic knows it. Doctor named on it: %1</source>
        <translation>अमान्य: यह पर्चा ऐसी कुंजी से हस्ताक्षरित है जो इस पर लिखे डॉक्टर की वह कुंजी नहीं है जो इस क्लिनिक को मालूम है। इस पर लिखे डॉक्टर: %1</translation>
    </message>
    <message>
        <source>The signature matches the prescription, but this clinic has never received a prescription from this doctor, so the doctor's key cannot be confirmed. Doctor named on it: %1</source>
        <translation>हस्ताक्षर पर्चे से मेल खाता है, पर इस क्लिनिक को इस डॉक्टर का कोई पर्चा कभी नहीं मिला, इसलिए डॉक्टर की कुंजी की पुष्टि नहीं हो सकती। इस पर लिखे डॉक्टर: %1</translation>
    </message>
    <message>
        <source>VALID: signed by %1, and the prescription is unchanged.</source>
        <translation>मान्य: %1 के हस्ताक्षर हैं, और पर्चा बदला नहीं गया है।</translation>
    </message>
    <message>
        <source>Picture of a printed prescription</source>
        <translation>छपे पर्चे की तस्वीर</translation>
    </message>
    <message>
        <source>Pictures (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)</source>
        <translation>तस्वीरें (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <source>Printed prescription</source>
        <translation>छपा पर्चा</translation>
    </message>
    <message>
        <source>Follow-ups due today</source>
        <translation>आज दोबारा दिखाने वाले रोगी</translation>
    </message>
    <message>
        <source>No patient is due for a follow-up today.</source>
        <translation>आज किसी रोगी को दोबारा नहीं दिखाना है।</translation>
    </message>
    <message>
        <source>Start the follow-up consult</source>
        <translation>दोबारा दिखाने का परामर्श शुरू करें</translation>
    </message>
    <message>
        <source>Verify a printed prescription (picture)…</source>
        <translation>छपे पर्चे की जाँच करें (तस्वीर से)…</translation>
    </message>
    <message>
        <source>Verify a printed prescription (camera)</source>
        <translation>छपे पर्चे की जाँच करें (कैमरे से)</translation>
    </message>
</context>
<context>
    <name>PreviewWidget</name>
    <message>
        <source>Camera preview</source>
        <translation>कैमरा पूर्वावलोकन</translation>
    </message>
    <message>
        <source>TEST PATTERN - not a real camera</source>
        <translation>परीक्षण पैटर्न - असली कैमरा नहीं</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Choose</source>
        <translation>&amp;चुनें</translation>
    </message>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;यहाँ देखें:</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;खोलें</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;सहेजें</translation>
    </message>
    <message>
        <source>All Files (*)</source>
        <translation>सभी फ़ाइलें (*)</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>पीछे</translation>
    </message>
    <message>
        <source>Create New Folder</source>
        <translation>नया फ़ोल्डर बनाएँ</translation>
    </message>
    <message>
        <source>Detail View</source>
        <translation>विवरण दृश्य</translation>
    </message>
    <message>
        <source>File &amp;name:</source>
        <translation>फ़ाइल का &amp;नाम:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>फ़ाइल का प्रका&amp;र:</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>आगे</translation>
    </message>
    <message>
        <source>List View</source>
        <translation>सूची दृश्य</translation>
    </message>
    <message>
        <source>Parent Directory</source>
        <translation>ऊपर का फ़ोल्डर</translation>
    </message>
    <message>
        <source>Recent Places</source>
        <translation>हाल की जगहें</translation>
    </message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message>
        <source>Computer</source>
        <translation>कंप्यूटर</translation>
    </message>
    <message>
        <source>Date Modified</source>
        <translation>बदलाव की तारीख</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>नाम</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>आकार</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>प्रकार</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;कॉपी करें</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;चिपकाएँ</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;फिर से करें</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;पूर्ववत करें</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;काटें</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>मिटाएँ</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>सब चुनें</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>&amp;No</source>
        <translation>&amp;नहीं</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;हाँ</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>रोकें</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>लागू करें</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>रद्द करें</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>बंद करें</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>छोड़ दें</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>सहायता</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>अनदेखा करें</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>ठीक है</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>खोलें</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>फिर से सेट करें</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>फिर कोशिश करें</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>सहेजें</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>%1 min</source>
        <translation>%1 मिनट</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 घंटे %2 मिनट</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>वीडियो</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>ऑडियो</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>टेक्स्ट</translation>
    </message>
    <message>
        <source>Store and forward</source>
        <translation>स्टोर और फ़ॉरवर्ड</translation>
    </message>
    <message>
        <source>F</source>
        <translation>म</translation>
    </message>
    <message>
        <source>M</source>
        <translation>पु</translation>
    </message>
    <message>
        <source>O</source>
        <translation>अन्य</translation>
    </message>
    <message>
        <source>%1 y</source>
        <translation>%1 वर्ष</translation>
    </message>
    <message>
        <source>Offered to you</source>
        <translation>आपको दिया गया</translation>
    </message>
    <message>
        <source>Yours, in progress</source>
        <translation>आपका, जारी</translation>
    </message>
    <message>
        <source>Open to claim</source>
        <translation>लेने के लिए खुला</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>प्राथमिकता</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>प्रतीक्षा</translation>
    </message>
    <message>
        <source>Specialty</source>
        <translation>विशेषज्ञता</translation>
    </message>
    <message>
        <source>Spoke</source>
        <translation>स्पोक</translation>
    </message>
    <message>
        <source>Age / sex</source>
        <translation>आयु / लिंग</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>तरीका</translation>
    </message>
    <message>
        <source>For you</source>
        <translation>आपके लिए</translation>
    </message>
</context>
<context>
    <name>QueuePage</name>
    <message>
        <source>You are online: new consultations are offered to you.</source>
        <translation>आप ऑनलाइन हैं: नए परामर्श आपको दिए जाएँगे।</translation>
    </message>
    <message>
        <source>You are away: nothing new is offered to you.</source>
        <translation>आप दूर हैं: आपको कुछ नया नहीं दिया जाएगा।</translation>
    </message>
    <message>
        <source>You are offline: nothing new is offered to you.</source>
        <translation>आप ऑफ़लाइन हैं: आपको कुछ नया नहीं दिया जाएगा।</translation>
    </message>
    <message>
        <source>Consultation taken. It is yours now.</source>
        <translation>परामर्श ले लिया गया। अब यह आपका है।</translation>
    </message>
    <message>
        <source>Consultation accepted.</source>
        <translation>परामर्श स्वीकार किया गया।</translation>
    </message>
    <message>
        <source>Consultation completed.</source>
        <translation>परामर्श पूरा हुआ।</translation>
    </message>
    <message>
        <source>Consultation declined: it goes back to the queue.</source>
        <translation>परामर्श अस्वीकार किया गया: यह कतार में वापस जाता है।</translation>
    </message>
    <message>
        <source>This consultation was taken or changed meanwhile. The queue is shown again.</source>
        <translation>इस बीच यह परामर्श किसी और ने ले लिया या बदल गया। कतार फिर से दिखाई जा रही है।</translation>
    </message>
    <message>
        <source>Consultation queue</source>
        <translation>परामर्श की कतार</translation>
    </message>
    <message>
        <source>Availability</source>
        <translation>उपलब्धता</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>ऑनलाइन</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>दूर</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>ऑफ़लाइन</translation>
    </message>
    <message>
        <source>No consultations are waiting for you.</source>
        <translation>आपके लिए कोई परामर्श प्रतीक्षा में नहीं है।</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>खोलें</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>लें</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>स्वीकार करें</translation>
    </message>
    <message>
        <source>Decline…</source>
        <translation>अस्वीकार करें…</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>पूरा करें</translation>
    </message>
</context>
<context>
    <name>RecordingIndicator</name>
    <message>
        <source>Not recording</source>
        <translation>रिकॉर्डिंग नहीं हो रही</translation>
    </message>
    <message>
        <source>REC %1</source>
        <translation>रिकॉर्डिंग %1</translation>
    </message>
    <message>
        <source>This consult is being recorded</source>
        <translation>यह परामर्श रिकॉर्ड हो रहा है</translation>
    </message>
</context>
<context>
    <name>RecordingPlayer</name>
    <message>
        <source>Fetching the recording...</source>
        <translation>रिकॉर्डिंग मँगाई जा रही है...</translation>
    </message>
    <message>
        <source>No recording open.</source>
        <translation>कोई रिकॉर्डिंग खुली नहीं है।</translation>
    </message>
    <message>
        <source>The recording could not be fetched or read.</source>
        <translation>रिकॉर्डिंग मँगाई या पढ़ी नहीं जा सकी।</translation>
    </message>
</context>
<context>
    <name>RecordingsModel</name>
    <message>
        <source>Length</source>
        <translation>अवधि</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>टिप्पणी</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>गुणवत्ता</translation>
    </message>
    <message>
        <source>Recovered after an interruption</source>
        <translation>रुकावट के बाद बचाई गई</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>शुरू हुई</translation>
    </message>
</context>
<context>
    <name>RecordingsPanel</name>
    <message>
        <source>No recordings in this consult yet.</source>
        <translation>इस परामर्श में अभी कोई रिकॉर्डिंग नहीं है।</translation>
    </message>
    <message>
        <source>Open a consult to see its recordings.</source>
        <translation>रिकॉर्डिंग देखने के लिए पहले कोई परामर्श खोलें।</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>चलाएँ</translation>
    </message>
    <message>
        <source>Recordings of this consult</source>
        <translation>इस परामर्श की रिकॉर्डिंग</translation>
    </message>
</context>
<context>
    <name>RecoveryPage</name>
    <message>
        <source>I have printed or written down the recovery code</source>
        <translation>मैंने रिकवरी कोड प्रिंट कर लिया है या लिख लिया है</translation>
    </message>
    <message>
        <source>Print recovery sheet…</source>
        <translation>रिकवरी शीट प्रिंट करें…</translation>
    </message>
    <message>
        <source>This code is shown only now. Without it, the clinic's data cannot be opened on a new or repaired computer. Print the sheet or write the code down, and keep it locked away.</source>
        <translation>यह कोड केवल अभी दिखाया जा रहा है। इसके बिना क्लिनिक का डेटा नए या ठीक किए गए कंप्यूटर पर नहीं खुल सकता। शीट प्रिंट करें या कोड लिख लें, और उसे ताले में सुरक्षित रखें।</translation>
    </message>
    <message>
        <source>Your recovery code</source>
        <translation>आपका रिकवरी कोड</translation>
    </message>
</context>
<context>
    <name>RecoverySheet</name>
    <message>
        <source>Anyone with this code and a copy of the data folder can read patient records. Keep this sheet locked away, not next to the computer. Never send a photo of it.</source>
        <translation>जिसके पास यह कोड और डेटा फ़ोल्डर की कॉपी हो, वह मरीज़ों के रिकॉर्ड पढ़ सकता है। यह शीट ताले में रखें, कंप्यूटर के पास नहीं। इसकी फ़ोटो कभी न भेजें।</translation>
    </message>
    <message>
        <source>Facility:</source>
        <translation>स्वास्थ्य केंद्र:</translation>
    </message>
    <message>
        <source>If Spoke Clinic says the key for the clinic's data is missing or wrong (for example after Windows or Linux was reinstalled, or the data folder was copied to a new computer), choose %1 and type this code. Dashes and small letters do not matter.</source>
        <translation>अगर स्पोक क्लिनिक बताए कि क्लिनिक के डेटा की कुंजी नहीं मिल रही या ग़लत है (जैसे Windows या Linux दोबारा इंस्टॉल करने के बाद, या डेटा फ़ोल्डर नए कंप्यूटर पर कॉपी करने के बाद), तो %1 चुनें और यह कोड लिखें। डैश और छोटे-बड़े अक्षरों से कोई फ़र्क नहीं पड़ता।</translation>
    </message>
    <message>
        <source>Keep it safe</source>
        <translation>इसे सुरक्षित रखें</translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation>प्रोफ़ाइल:</translation>
    </message>
    <message>
        <source>Restore with recovery code</source>
        <translation>रिकवरी कोड से वापस लाएँ</translation>
    </message>
    <message>
        <source>Set up on:</source>
        <translation>सेट अप की तारीख़:</translation>
    </message>
    <message>
        <source>Spoke Clinic: recovery sheet</source>
        <translation>स्पोक क्लिनिक: रिकवरी शीट</translation>
    </message>
    <message>
        <source>When do I need this?</source>
        <translation>इसकी ज़रूरत कब पड़ेगी?</translation>
    </message>
</context>
<context>
    <name>ReferralPanel</name>
    <message>
        <source>Priority</source>
        <translation>प्राथमिकता</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>रेफ़रल</translation>
    </message>
    <message>
        <source>Specialty</source>
        <translation>विशेषज्ञता</translation>
    </message>
    <message>
        <source>Consult by</source>
        <translation>परामर्श का तरीका</translation>
    </message>
    <message>
        <source>Without a video call the doctor may prescribe fewer medicines (List O only).</source>
        <translation>वीडियो कॉल के बिना डॉक्टर कम दवाएँ लिख सकते हैं (केवल सूची O)।</translation>
    </message>
</context>
<context>
    <name>ReportCharts</name>
    <message>
        <source>Biggest states</source>
        <translation>सबसे बड़े राज्य</translation>
    </message>
    <message>
        <source>Consultations per day</source>
        <translation>प्रतिदिन परामर्श</translation>
    </message>
    <message>
        <source>Hub-and-spoke (AB-HWC)</source>
        <translation>हब-एंड-स्पोक (AB-HWC)</translation>
    </message>
    <message>
        <source>OPD</source>
        <translation>ओपीडी</translation>
    </message>
</context>
<context>
    <name>ReportTableModel</name>
    <message>
        <source>Hub-and-spoke (AB-HWC)</source>
        <translation>हब-एंड-स्पोक (AB-HWC)</translation>
    </message>
    <message>
        <source>Median wait</source>
        <translation>प्रतीक्षा (माध्यिका)</translation>
    </message>
    <message>
        <source>OPD</source>
        <translation>ओपीडी</translation>
    </message>
    <message>
        <source>Sr No</source>
        <translation>क्र. सं.</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>कुल</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>ABHA %1</source>
        <translation>आभा %1</translation>
    </message>
    <message>
        <source>Video call</source>
        <translation>वीडियो कॉल</translation>
    </message>
    <message>
        <source>ALLERGIES: %1</source>
        <translation>एलर्जी: %1</translation>
    </message>
    <message>
        <source>Allergies: not recorded - ask before prescribing</source>
        <translation>एलर्जी: दर्ज नहीं - दवा लिखने से पहले पूछें</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>संलग्नक</translation>
    </message>
    <message>
        <source>Call chat (%1)</source>
        <translation>कॉल की चैट (%1)</translation>
    </message>
    <message>
        <source>Choose an attachment or a recording to open it.</source>
        <translation>खोलने के लिए कोई संलग्नक या रिकॉर्डिंग चुनें।</translation>
    </message>
    <message>
        <source>Complaints (in the patient's words)</source>
        <translation>शिकायतें (मरीज़ के शब्दों में)</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>सहमति</translation>
    </message>
    <message>
        <source>Current medicines</source>
        <translation>अभी ली जा रही दवाएँ</translation>
    </message>
    <message>
        <source>Fetching %1...</source>
        <translation>%1 मँगाया जा रहा है...</translation>
    </message>
    <message>
        <source>History (%1)</source>
        <translation>पिछले परामर्श (%1)</translation>
    </message>
    <message>
        <source>Known conditions</source>
        <translation>ज्ञात बीमारियाँ</translation>
    </message>
    <message>
        <source>No ABHA</source>
        <translation>आभा नहीं है</translation>
    </message>
    <message>
        <source>No attachments.</source>
        <translation>कोई संलग्नक नहीं।</translation>
    </message>
    <message>
        <source>No complaints recorded.</source>
        <translation>कोई शिकायत दर्ज नहीं।</translation>
    </message>
    <message>
        <source>No consent recorded.</source>
        <translation>कोई सहमति दर्ज नहीं।</translation>
    </message>
    <message>
        <source>No known allergies</source>
        <translation>कोई ज्ञात एलर्जी नहीं</translation>
    </message>
    <message>
        <source>No recordings.</source>
        <translation>कोई रिकॉर्डिंग नहीं।</translation>
    </message>
    <message>
        <source>Still picture from the call</source>
        <translation>कॉल से ली गई स्थिर तस्वीर</translation>
    </message>
    <message>
        <source>No vitals recorded.</source>
        <translation>कोई वाइटल्स दर्ज नहीं।</translation>
    </message>
    <message>
        <source>None recorded.</source>
        <translation>कुछ दर्ज नहीं।</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>रिकॉर्डिंग</translation>
    </message>
    <message>
        <source>Recordings</source>
        <translation>रिकॉर्डिंग</translation>
    </message>
    <message>
        <source>The file could not be fetched from the hub.</source>
        <translation>फ़ाइल हब से नहीं मँगाई जा सकी।</translation>
    </message>
    <message>
        <source>This kind of file cannot be shown here.</source>
        <translation>इस तरह की फ़ाइल यहाँ नहीं दिखाई जा सकती।</translation>
    </message>
    <message>
        <source>Trends</source>
        <translation>रुझान</translation>
    </message>
    <message>
        <source>Viewer</source>
        <translation>देखें</translation>
    </message>
    <message>
        <source>Vitals</source>
        <translation>वाइटल्स</translation>
    </message>
</context>
<context>
    <name>ReviewTexts</name>
    <message>
        <source>%1 years</source>
        <translation>%1 वर्ष</translation>
    </message>
    <message>
        <source>%1: %2 %3</source>
        <translation>%1: %3 %2</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>सौंपा गया</translation>
    </message>
    <message>
        <source>BMI</source>
        <translation>बीएमआई</translation>
    </message>
    <message>
        <source>BP diastolic</source>
        <translation>बीपी डायस्टोलिक</translation>
    </message>
    <message>
        <source>BP systolic</source>
        <translation>बीपी सिस्टोलिक</translation>
    </message>
    <message>
        <source>Blood glucose (random)</source>
        <translation>रक्त शर्करा (रैंडम)</translation>
    </message>
    <message>
        <source>Breathing rate</source>
        <translation>साँस की दर</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>रद्द</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>पूरा हुआ</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>अस्वीकार किया</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>लंबाई</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>जारी</translation>
    </message>
    <message>
        <source>In the queue</source>
        <translation>कतार में</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>सामान्य</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>अन्य</translation>
    </message>
    <message>
        <source>Pulse</source>
        <translation>नब्ज़</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>रिकॉर्डिंग</translation>
    </message>
    <message>
        <source>SpO₂</source>
        <translation>SpO₂</translation>
    </message>
    <message>
        <source>Teleconsultation</source>
        <translation>टेलीपरामर्श</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>तापमान</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>वज़न</translation>
    </message>
    <message>
        <source>by the guardian %1</source>
        <translation>अभिभावक %1 द्वारा</translation>
    </message>
    <message>
        <source>by the patient</source>
        <translation>मरीज़ द्वारा</translation>
    </message>
    <message>
        <source>for %1 %2</source>
        <translation>%1 %2 से</translation>
    </message>
    <message>
        <source>given</source>
        <translation>दी गई</translation>
    </message>
    <message>
        <source>recorded by %1 on %2</source>
        <translation>%1 ने %2 को दर्ज की</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>नहीं दी गई</translation>
    </message>
    <message>
        <source>▲ High</source>
        <translation>▲ ज़्यादा</translation>
    </message>
    <message>
        <source>▼ Low</source>
        <translation>▼ कम</translation>
    </message>
</context>
<context>
    <name>RingBanner</name>
    <message>
        <source>The doctor</source>
        <translation>डॉक्टर</translation>
    </message>
    <message>
        <source>%1 is calling about %2</source>
        <translation>%1, %2 के बारे में कॉल कर रहे हैं</translation>
    </message>
    <message>
        <source>%1 is calling</source>
        <translation>%1 कॉल कर रहे हैं</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>स्वीकार करें</translation>
    </message>
</context>
<context>
    <name>RxEditor</name>
    <message>
        <source>%1 is on the %2: it may never be prescribed by teleconsultation.</source>
        <translation>%1 %2 में है: इसे टेलीपरामर्श से कभी नहीं लिखा जा सकता।</translation>
    </message>
    <message>
        <source>%1 is on %2: at a first consultation it needs a video consultation.</source>
        <translation>%1 %2 में है: पहले परामर्श में इसके लिए वीडियो परामर्श ज़रूरी है।</translation>
    </message>
    <message>
        <source>%1 is on %2: it may be prescribed only at a follow-up consultation.</source>
        <translation>%1 %2 में है: इसे केवल फ़ॉलो-अप परामर्श में लिखा जा सकता है।</translation>
    </message>
    <message>
        <source>%1 is not in the formulary: it is written as free text.</source>
        <translation>%1 फ़ॉर्मुलरी में नहीं है: यह मुक्त पाठ के रूप में लिखी गई है।</translation>
    </message>
    <message>
        <source>Provisional diagnosis (required)</source>
        <translation>अस्थायी निदान (आवश्यक)</translation>
    </message>
    <message>
        <source>Code (optional)</source>
        <translation>कोड (वैकल्पिक)</translation>
    </message>
    <message>
        <source>ICD-10, e.g. I10</source>
        <translation>ICD-10, जैसे I10</translation>
    </message>
    <message>
        <source>Medicines</source>
        <translation>दवाएँ</translation>
    </message>
    <message>
        <source>Change selected</source>
        <translation>चुनी हुई बदलें</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>चुनी हुई हटाएँ</translation>
    </message>
    <message>
        <source>Investigations, advice, follow-up</source>
        <translation>जाँचें, सलाह, फ़ॉलो-अप</translation>
    </message>
    <message>
        <source>Investigations (one per line)</source>
        <translation>जाँचें (हर पंक्ति में एक)</translation>
    </message>
    <message>
        <source>Advice</source>
        <translation>सलाह</translation>
    </message>
    <message>
        <source>Follow-up on</source>
        <translation>फ़ॉलो-अप की तारीख</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>रेफ़रल</translation>
    </message>
    <message>
        <source>Refer to a higher facility</source>
        <translation>उच्च स्वास्थ्य केंद्र को रेफ़र करें</translation>
    </message>
    <message>
        <source>Facility</source>
        <translation>स्वास्थ्य केंद्र</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>कारण</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>तात्कालिकता</translation>
    </message>
    <message>
        <source>Routine</source>
        <translation>सामान्य</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>तत्काल</translation>
    </message>
    <message>
        <source>Emergency</source>
        <translation>आपातकालीन</translation>
    </message>
    <message>
        <source>Sign (Ctrl+Enter)</source>
        <translation>हस्ताक्षर करें (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Video consultation</source>
        <translation>वीडियो परामर्श</translation>
    </message>
    <message>
        <source>Audio consultation</source>
        <translation>ऑडियो परामर्श</translation>
    </message>
    <message>
        <source>Text or store-and-forward consultation</source>
        <translation>टेक्स्ट या स्टोर-एंड-फ़ॉरवर्ड परामर्श</translation>
    </message>
    <message>
        <source>follow-up</source>
        <translation>फ़ॉलो-अप</translation>
    </message>
    <message>
        <source>first consultation</source>
        <translation>पहला परामर्श</translation>
    </message>
    <message>
        <source>%1, %2. Allowed: %3.</source>
        <translation>%1, %2। अनुमत: %3।</translation>
    </message>
    <message>
        <source>Free text (not in the formulary)</source>
        <translation>मुक्त पाठ (फ़ॉर्मुलरी में नहीं)</translation>
    </message>
    <message>
        <source>Write the provisional diagnosis.</source>
        <translation>अस्थायी निदान लिखें।</translation>
    </message>
    <message>
        <source>The referral needs a facility and a reason.</source>
        <translation>रेफ़रल के लिए स्वास्थ्य केंद्र और कारण दोनों ज़रूरी हैं।</translation>
    </message>
    <message>
        <source>Cannot sign yet:</source>
        <translation>अभी हस्ताक्षर नहीं हो सकते:</translation>
    </message>
    <message>
        <source>List O</source>
        <translation>सूची O</translation>
    </message>
    <message>
        <source>List A</source>
        <translation>सूची A</translation>
    </message>
    <message>
        <source>List B</source>
        <translation>सूची B</translation>
    </message>
    <message>
        <source>prohibited list</source>
        <translation>प्रतिबंधित सूची</translation>
    </message>
    <message>
        <source>Not in stock at the spoke; no alternative in stock.</source>
        <translation>स्पोक पर स्टॉक में नहीं है; कोई विकल्प भी स्टॉक में नहीं।</translation>
    </message>
    <message>
        <source>Not in stock at the spoke. In stock: %1</source>
        <translation>स्पोक पर स्टॉक में नहीं है। स्टॉक में उपलब्ध: %1</translation>
    </message>
</context>
<context>
    <name>RxRefusedNotice</name>
    <message>
        <source>The prescription received could not be verified: do not print it and do not dispense from it. Ask the hub to send it again.</source>
        <translation>मिला हुआ पर्चा सत्यापित नहीं हो सका: इसे न छापें और इससे दवा न दें। हब से इसे फिर से भेजने को कहें।</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Language</source>
        <translation>भाषा</translation>
    </message>
    <message>
        <source>Lock after idle</source>
        <translation>निष्क्रिय रहने पर लॉक</translation>
    </message>
    <message>
        <source>Lock now</source>
        <translation>अभी लॉक करें</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>सेटिंग्स</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>साइन आउट</translation>
    </message>
    <message>
        <source>Temperature unit</source>
        <translation>तापमान की इकाई</translation>
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
</context>
<context>
    <name>SpokeDashboard</name>
    <message>
        <source>%1 min</source>
        <translation>%1 मिनट</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 घंटे %2 मिनट</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 दिन</translation>
    </message>
</context>
<context>
    <name>SpokeDashboardPanel</name>
    <message>
        <source>At a glance</source>
        <translation>एक नज़र में</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>आज</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>इस महीने</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>बंद</translation>
    </message>
    <message>
        <source>Prescriptions to print</source>
        <translation>छापने के लिए पर्चे</translation>
    </message>
    <message>
        <source>Follow-ups due today</source>
        <translation>आज के फ़ॉलो-अप</translation>
    </message>
    <message>
        <source>Waiting to be sent (oldest: %1)</source>
        <translation>भेजे जाने की प्रतीक्षा में (सबसे पुराना: %1)</translation>
    </message>
    <message>
        <source>Median time from ready to a doctor: %1</source>
        <translation>तैयार होने से डॉक्टर तक का माध्यिका समय: %1</translation>
    </message>
    <message>
        <source>Median time from ready to the prescription: %1</source>
        <translation>तैयार होने से पर्चे तक का माध्यिका समय: %1</translation>
    </message>
    <message>
        <source>Storage: —</source>
        <translation>भंडारण: —</translation>
    </message>
    <message>
        <source>Storage: %1 used, %2 free</source>
        <translation>भंडारण: %1 उपयोग में, %2 खाली</translation>
    </message>
</context>
<context>
    <name>SpokeRecording</name>
    <message>
        <source>Stop recording</source>
        <translation>रिकॉर्डिंग रोकें</translation>
    </message>
    <message>
        <source>Record the call</source>
        <translation>कॉल रिकॉर्ड करें</translation>
    </message>
    <message>
        <source>Checking the patient's consent to recording...</source>
        <translation>रिकॉर्डिंग के लिए मरीज़ की सहमति देखी जा रही है...</translation>
    </message>
    <message>
        <source>The call cannot be recorded: the patient's consent to recording is not on file.</source>
        <translation>कॉल रिकॉर्ड नहीं की जा सकती: रिकॉर्डिंग के लिए मरीज़ की सहमति दर्ज नहीं है।</translation>
    </message>
    <message>
        <source>Saving the recording...</source>
        <translation>रिकॉर्डिंग सहेजी जा रही है...</translation>
    </message>
    <message>
        <source>Recording can start once the call is connected.</source>
        <translation>कॉल जुड़ने के बाद ही रिकॉर्डिंग शुरू हो सकती है।</translation>
    </message>
    <message>
        <source>● Recording the call</source>
        <translation>● कॉल रिकॉर्ड हो रही है</translation>
    </message>
</context>
<context>
    <name>SpokeStill</name>
    <message>
        <source>The doctor took a picture. It is attached to this consult.</source>
        <translation>डॉक्टर ने एक तस्वीर ली। यह इस परामर्श के साथ संलग्न कर दी गई है।</translation>
    </message>
</context>
<context>
    <name>StartReport</name>
    <message>
        <source>For the demo on a machine without a desktop, start it with {command}: it starts a demo keyring kept in the demo profile.</source>
        <translation>बिना डेस्कटॉप वाली मशीन पर डेमो के लिए इसे {command} से शुरू करें: यह डेमो प्रोफ़ाइल में रखी जाने वाली एक डेमो कीरिंग शुरू करता है।</translation>
    </message>
    <message>
        <source>No desktop session was found, so Spoke Clinic stops here instead of showing this in a window nobody can see.</source>
        <translation>कोई डेस्कटॉप सत्र नहीं मिला, इसलिए स्पोक क्लिनिक यह बात ऐसी विंडो में दिखाने के बजाय, जिसे कोई देख नहीं सकता, यहीं रुक जाता है।</translation>
    </message>
</context>
<context>
    <name>StartWindow</name>
    <message>
        <source>Opening the clinic's records…</source>
        <translation>क्लिनिक के रिकॉर्ड खोले जा रहे हैं…</translation>
    </message>
    <message>
        <source>Spoke Clinic</source>
        <translation>स्पोक क्लिनिक</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>शुरू हो रहा है…</translation>
    </message>
</context>
<context>
    <name>StockModel</name>
    <message>
        <source>tablets</source>
        <translation>गोलियाँ</translation>
    </message>
    <message>
        <source>capsules</source>
        <translation>कैप्सूल</translation>
    </message>
    <message>
        <source>sachets</source>
        <translation>पाउच</translation>
    </message>
    <message>
        <source>inhalers</source>
        <translation>इनहेलर</translation>
    </message>
    <message>
        <source>tubes</source>
        <translation>ट्यूब</translation>
    </message>
    <message>
        <source>bottles</source>
        <translation>बोतलें</translation>
    </message>
    <message>
        <source>vials</source>
        <translation>शीशियाँ</translation>
    </message>
    <message>
        <source>units</source>
        <translation>इकाइयाँ</translation>
    </message>
    <message>
        <source>tablet</source>
        <translation>गोली</translation>
    </message>
    <message>
        <source>dispersible tablet</source>
        <translation>घुलने वाली गोली</translation>
    </message>
    <message>
        <source>capsule</source>
        <translation>कैप्सूल</translation>
    </message>
    <message>
        <source>syrup</source>
        <translation>सिरप</translation>
    </message>
    <message>
        <source>oral suspension</source>
        <translation>पीने का घोल (सस्पेंशन)</translation>
    </message>
    <message>
        <source>sachet</source>
        <translation>पाउच</translation>
    </message>
    <message>
        <source>cream</source>
        <translation>क्रीम</translation>
    </message>
    <message>
        <source>ointment</source>
        <translation>मरहम</translation>
    </message>
    <message>
        <source>lotion</source>
        <translation>लोशन</translation>
    </message>
    <message>
        <source>eye drops</source>
        <translation>आँख की बूँदें</translation>
    </message>
    <message>
        <source>inhaler</source>
        <translation>इनहेलर</translation>
    </message>
    <message>
        <source>Medicine (generic)</source>
        <translation>दवा (जेनेरिक)</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>शक्ति</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>रूप</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>मात्रा</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>इकाई</translation>
    </message>
    <message>
        <source>not counted</source>
        <translation>गिनती नहीं हुई</translation>
    </message>
    <message>
        <source>Out of stock</source>
        <translation>भंडार खत्म</translation>
    </message>
    <message>
        <source>Type the quantity counted (a whole number, 0 or more), then Enter.</source>
        <translation>गिनी गई मात्रा लिखें (0 या उससे अधिक पूर्ण संख्या), फिर Enter दबाएँ।</translation>
    </message>
</context>
<context>
    <name>StockPage</name>
    <message>
        <source>Medicine stock</source>
        <translation>दवा भंडार</translation>
    </message>
    <message>
        <source>The medicines this centre keeps, from the Health &amp; Wellness Centre essential medicines list. Type the quantity counted in the Quantity column (Enter to confirm), then save (Ctrl+S). The hub doctor sees this list when prescribing; dispensing a prescription takes the medicines given out of stock.</source>
        <translation>इस केंद्र में रखी जाने वाली दवाएँ, हेल्थ एंड वेलनेस सेंटर की आवश्यक दवा सूची से। मात्रा कॉलम में गिनी गई मात्रा लिखें (पुष्टि के लिए Enter), फिर सहेजें (Ctrl+S)। हब डॉक्टर पर्चा लिखते समय यह सूची देखते हैं; पर्चे की दवाएँ देने पर दी गई मात्रा भंडार से घट जाती है।</translation>
    </message>
    <message>
        <source>Search medicines (Ctrl+F)</source>
        <translation>दवाएँ खोजें (Ctrl+F)</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>बदलाव सहेजें</translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>बदलाव रद्द करें</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) not saved yet.</source>
        <translation>
            <numerusform>%n बदलाव अभी सहेजे नहीं गए।</numerusform>
            <numerusform>%n बदलाव अभी सहेजे नहीं गए।</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved: %n quantity(ies).</source>
        <translation>
            <numerusform>सहेजा गया: %n मात्रा।</numerusform>
            <numerusform>सहेजा गया: %n मात्रा।</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StorageMessages</name>
    <message>
        <source>A file that describes this clinic's data (storage.json) is missing. The data itself is still here and has not been changed.</source>
        <translation>इस क्लिनिक के डेटा की जानकारी देने वाली एक फ़ाइल (storage.json) नहीं मिल रही है। डेटा अभी भी यहीं है और उसमें कोई बदलाव नहीं हुआ है।</translation>
    </message>
    <message>
        <source>Capture or attach the file again.</source>
        <translation>फ़ाइल फिर से लें या जोड़ें।</translation>
    </message>
    <message>
        <source>Capture or attach the file again. The damaged copy is kept for support.</source>
        <translation>फ़ाइल फिर से लें या जोड़ें। ख़राब प्रति सहायता टीम के लिए रखी गई है।</translation>
    </message>
    <message>
        <source>Check the code on the printed recovery sheet and type it again (dashes optional).</source>
        <translation>प्रिंट की गई रिकवरी शीट पर कोड जाँचें और उसे दोबारा लिखें (डैश ज़रूरी नहीं)।</translation>
    </message>
    <message>
        <source>Choose 'Restore with recovery code' and type the recovery code from the recovery sheet printed when the app was set up. Do not set up a new clinic: that would not bring the data back.</source>
        <translation>'रिकवरी कोड से वापस लाएँ' चुनें और ऐप सेट अप करते समय प्रिंट की गई रिकवरी शीट से रिकवरी कोड लिखें। नया क्लिनिक सेट अप न करें: उससे डेटा वापस नहीं आएगा।</translation>
    </message>
    <message>
        <source>Choose 'Restore with recovery code' and type the recovery code from the recovery sheet printed when the app was set up. Without the sheet, keep the profile folder as it is and call support: do not delete it.</source>
        <translation>'रिकवरी कोड से वापस लाएँ' चुनें और ऐप सेट अप करते समय छापी गई रिकवरी शीट से रिकवरी कोड लिखें। शीट न हो तो प्रोफ़ाइल फ़ोल्डर को जैसा है वैसा ही रहने दें और सहायता से संपर्क करें: उसे हटाएँ नहीं।</translation>
    </message>
    <message>
        <source>Choose 'Restore with recovery code' and type the recovery code from the recovery sheet. Do not set up a new clinic: that would not bring the data back.</source>
        <translation>'रिकवरी कोड से वापस लाएँ' चुनें और रिकवरी शीट से रिकवरी कोड लिखें। नया क्लिनिक सेट अप न करें: उससे डेटा वापस नहीं आएगा।</translation>
    </message>
    <message>
        <source>Choose 'Restore with recovery code' and type the recovery code from the recovery sheet. If you copied the data from another computer, use that clinic's recovery code.</source>
        <translation>'रिकवरी कोड से वापस लाएँ' चुनें और रिकवरी शीट से रिकवरी कोड लिखें। अगर आपने डेटा किसी दूसरे कंप्यूटर से कॉपी किया है, तो उस क्लिनिक का रिकवरी कोड इस्तेमाल करें।</translation>
    </message>
    <message>
        <source>Close the app and start it again. If this keeps happening, call support.</source>
        <translation>ऐप बंद करके दोबारा शुरू करें। अगर ऐसा बार-बार हो, तो सहायता से संपर्क करें।</translation>
    </message>
    <message>
        <source>Free some space on the disk (delete old downloads or videos), then try again.</source>
        <translation>डिस्क पर कुछ जगह खाली करें (पुराने डाउनलोड या वीडियो हटाएँ), फिर दोबारा कोशिश करें।</translation>
    </message>
    <message>
        <source>Install the newest version of Spoke Clinic, then start it again.</source>
        <translation>स्पोक क्लिनिक का नवीनतम संस्करण इंस्टॉल करें, फिर उसे दोबारा शुरू करें।</translation>
    </message>
    <message>
        <source>On Windows, make sure you are logged in to your own Windows account. On Linux, log in to a desktop session that runs GNOME Keyring or KWallet, then start the app again.</source>
        <translation>Windows पर, पक्का करें कि आप अपने Windows खाते में लॉग इन हैं। Linux पर, ऐसे डेस्कटॉप सत्र में लॉग इन करें जिसमें GNOME Keyring या KWallet चलता हो, फिर ऐप दोबारा शुरू करें।</translation>
    </message>
    <message>
        <source>Report this to your supervisor; do not delete anything.</source>
        <translation>इसकी सूचना अपने सुपरवाइज़र को दें; कुछ भी न हटाएँ।</translation>
    </message>
    <message>
        <source>Restore the profile folder from your backup copy. The app will not create an empty database over a profile that was already set up.</source>
        <translation>अपनी बैकअप कॉपी से प्रोफ़ाइल फ़ोल्डर वापस लाएँ। पहले से सेट अप की गई प्रोफ़ाइल पर ऐप खाली डेटाबेस नहीं बनाएगा।</translation>
    </message>
    <message>
        <source>That recovery code does not open this clinic's data.</source>
        <translation>उस रिकवरी कोड से इस क्लिनिक का डेटा नहीं खुलता।</translation>
    </message>
    <message>
        <source>The audit log has been changed: at least one entry was edited or removed.</source>
        <translation>ऑडिट लॉग बदला गया है: कम से कम एक प्रविष्टि बदली या हटाई गई है।</translation>
    </message>
    <message>
        <source>The clinic's data could not be opened.</source>
        <translation>क्लिनिक का डेटा नहीं खोला जा सका।</translation>
    </message>
    <message>
        <source>The clinic's database file is missing from this profile.</source>
        <translation>इस प्रोफ़ाइल में क्लिनिक की डेटाबेस फ़ाइल नहीं है।</translation>
    </message>
    <message>
        <source>The computer's password store (keyring) is locked, so the app cannot read its key.</source>
        <translation>कंप्यूटर का पासवर्ड भंडार (कीरिंग) लॉक है, इसलिए ऐप अपनी कुंजी नहीं पढ़ सकता।</translation>
    </message>
    <message>
        <source>The disk is full, so the last change could not be saved. Earlier data is safe.</source>
        <translation>डिस्क भर गई है, इसलिए पिछला बदलाव सहेजा नहीं जा सका। पहले का डेटा सुरक्षित है।</translation>
    </message>
    <message>
        <source>The disk is full, so you cannot sign in now. Free some space on the disk (delete old downloads or videos), then sign in again. Your data is safe.</source>
        <translation>डिस्क भर गई है, इसलिए अभी साइन इन नहीं हो सकता। डिस्क पर कुछ जगह खाली करें (पुराने डाउनलोड या वीडियो हटाएँ), फिर दोबारा साइन इन करें। आपका डेटा सुरक्षित है।</translation>
    </message>
    <message>
        <source>This PC is set up for a spoke: doctor accounts cannot work here. Doctors use a PC set up as "Hub (doctors)" and sign in with their hub account.</source>
        <translation>यह पीसी स्पोक के लिए तैयार किया गया है: डॉक्टर खाते यहाँ काम नहीं कर सकते। डॉक्टर "हब (डॉक्टर)" के रूप में तैयार पीसी का उपयोग करते हैं और अपने हब खाते से साइन इन करते हैं।</translation>
    </message>
    <message>
        <source>The key for this clinic's data is missing from the computer's password store. The data is still here and safe, but it cannot be opened without its key.</source>
        <translation>इस क्लिनिक के डेटा की कुंजी कंप्यूटर के पासवर्ड भंडार में नहीं है। डेटा अभी भी यहीं है और सुरक्षित है, लेकिन कुंजी के बिना खुल नहीं सकता।</translation>
    </message>
    <message>
        <source>The key in the computer's password store does not open this clinic's data. The data has not been changed.</source>
        <translation>कंप्यूटर के पासवर्ड भंडार में रखी कुंजी से इस क्लिनिक का डेटा नहीं खुलता। डेटा में कोई बदलाव नहीं हुआ है।</translation>
    </message>
    <message>
        <source>This account has been switched off. Ask your administrator.</source>
        <translation>यह खाता बंद कर दिया गया है। अपने प्रशासक से पूछें।</translation>
    </message>
    <message>
        <source>This clinic's data is marked as not completely set up, but its database already holds records (or cannot be checked). The app will not delete it or set up a new clinic over it; nothing has been changed.</source>
        <translation>इस क्लिनिक के डेटा पर लिखा है कि सेट अप पूरा नहीं हुआ, पर इसके डेटाबेस में पहले से रिकॉर्ड हैं (या उसे जाँचा नहीं जा सकता)। ऐप इसे न हटाएगा, न इसके ऊपर नया क्लिनिक सेट अप करेगा; कुछ भी नहीं बदला गया है।</translation>
    </message>
    <message>
        <source>This clinic's data was saved by a newer version of Spoke Clinic. This older version will not open it, so nothing in it is changed.</source>
        <translation>इस क्लिनिक का डेटा स्पोक क्लिनिक के नए संस्करण ने सहेजा है। यह पुराना संस्करण उसे नहीं खोलेगा, इसलिए उसमें कुछ नहीं बदला गया है।</translation>
    </message>
    <message>
        <source>This computer has no secure password store (keyring), so the clinic's data cannot be opened safely. The app will not store patient data without one.</source>
        <translation>इस कंप्यूटर में कोई सुरक्षित पासवर्ड भंडार (कीरिंग) नहीं है, इसलिए क्लिनिक का डेटा सुरक्षित रूप से नहीं खोला जा सकता। इसके बिना ऐप मरीज़ों का डेटा नहीं रखेगा।</translation>
    </message>
    <message>
        <source>This file is damaged and cannot be shown or sent.</source>
        <translation>यह फ़ाइल ख़राब हो गई है, इसलिए इसे न दिखाया जा सकता है न भेजा जा सकता है।</translation>
    </message>
    <message>
        <source>This file is missing from the computer.</source>
        <translation>यह फ़ाइल इस कंप्यूटर पर नहीं मिली।</translation>
    </message>
    <message>
        <source>Too many wrong passwords. This account is locked until {time}. Ask another user to help, or wait.</source>
        <translation>बहुत बार गलत पासवर्ड डाला गया। यह खाता {time} तक लॉक है। किसी दूसरे उपयोगकर्ता से मदद लें, या प्रतीक्षा करें।</translation>
    </message>
    <message>
        <source>Unlock the keyring (usually by logging in to the computer again with your own password), then start the app again. Your data is safe and has not been changed.</source>
        <translation>कीरिंग अनलॉक करें (आमतौर पर अपने पासवर्ड से कंप्यूटर में दोबारा लॉग इन करके), फिर ऐप दोबारा शुरू करें। आपका डेटा सुरक्षित है और उसमें कोई बदलाव नहीं हुआ है।</translation>
    </message>
    <message>
        <source>Wrong username or password. Check Caps Lock and try again.</source>
        <translation>यूज़रनेम या पासवर्ड गलत है। Caps Lock जाँचें और फिर से कोशिश करें।</translation>
    </message>
</context>
<context>
    <name>StorageProblemDialog</name>
    <message>
        <source>Checking the recovery code…</source>
        <translation>रिकवरी कोड की जाँच हो रही है…</translation>
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
        <source>Spoke Clinic cannot open the clinic's data</source>
        <translation>स्पोक क्लिनिक, क्लिनिक का डेटा नहीं खोल पा रहा है</translation>
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
        <source>Paused: %Ln item(s) waiting</source>
        <translation>
            <numerusform>रुका हुआ: %Ln मद प्रतीक्षा में</numerusform>
            <numerusform>रुका हुआ: %Ln मद प्रतीक्षा में</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Syncing %Ln item(s)</source>
        <translation>
            <numerusform>%Ln आइटम सिंक हो रहे हैं</numerusform>
            <numerusform>%Ln आइटम सिंक हो रहे हैं</numerusform>
        </translation>
    </message>
    <message>
        <source>last synced %1</source>
        <translation>अंतिम सिंक %1</translation>
    </message>
</context>
<context>
    <name>SyncMessages</name>
    <message>
        <source>A file on this PC is missing or damaged, so it cannot be sent.</source>
        <translation>इस पीसी पर एक फ़ाइल गायब या खराब है, इसलिए उसे भेजा नहीं जा सकता।</translation>
    </message>
    <message>
        <source>The hub already holds another record under this id (a chat message or what a call achieved), so it did not take this one. It is kept on this PC.</source>
        <translation>हब के पास इस पहचान-संख्या से कोई दूसरा रिकॉर्ड (चैट संदेश या कॉल का नतीजा) पहले से है, इसलिए उसने यह रिकॉर्ड नहीं लिया। यह इस पीसी पर सुरक्षित है।</translation>
    </message>
    <message>
        <source>The hub refused the prescription. Nothing was sent; check it and sign again.</source>
        <translation>हब ने पर्चा अस्वीकार कर दिया। कुछ नहीं भेजा गया; इसे जाँचें और फिर से हस्ताक्षर करें।</translation>
    </message>
    <message>
        <source>The hub refused it: it names a drug that may never be prescribed by teleconsultation.</source>
        <translation>हब ने इसे अस्वीकार किया: इसमें ऐसी दवा है जो टेलीपरामर्श से कभी नहीं लिखी जा सकती।</translation>
    </message>
    <message>
        <source>The hub refused it: a drug is not allowed for this consultation's mode or kind. Reopen the prescription to see the rules the hub applies now.</source>
        <translation>हब ने इसे अस्वीकार किया: कोई दवा इस परामर्श के माध्यम या प्रकार में अनुमत नहीं है। हब अभी जो नियम लागू करता है, उन्हें देखने के लिए पर्चा फिर से खोलें।</translation>
    </message>
    <message>
        <source>The hub could not verify your signature, even after your key was registered again. Nothing was sent; tell the hub administrator.</source>
        <translation>आपकी कुंजी फिर से दर्ज करने के बाद भी हब आपके हस्ताक्षर की पुष्टि नहीं कर सका। कुछ नहीं भेजा गया; हब प्रशासक को बताएँ।</translation>
    </message>
    <message>
        <source>This hub account is neither a doctor's nor a programme manager's. Spoke operators sign in on a spoke's PC.</source>
        <translation>यह हब खाता न किसी डॉक्टर का है, न किसी कार्यक्रम प्रबंधक का। स्पोक ऑपरेटर स्पोक के पीसी पर साइन इन करते हैं।</translation>
    </message>
    <message>
        <source>The hub has no key of this PC to send the patient's files to. Sign out and in again; if it stays, ask the hub administrator.</source>
        <translation>हब के पास इस पीसी की वह कुंजी नहीं है जिससे मरीज़ की फ़ाइलें भेजी जा सकें। साइन आउट करके फिर साइन इन करें; समस्या बनी रहे तो हब प्रशासक से कहें।</translation>
    </message>
    <message>
        <source>This file arrived damaged and cannot be shown. Open it again; if it stays, ask the spoke to send it again.</source>
        <translation>यह फ़ाइल ख़राब होकर पहुँची है और दिखाई नहीं जा सकती। इसे फिर से खोलें; समस्या बनी रहे तो स्पोक से इसे दोबारा भेजने को कहें।</translation>
    </message>
    <message>
        <source>Consultation</source>
        <translation>परामर्श</translation>
    </message>
    <message>
        <source>File or recording</source>
        <translation>फ़ाइल या रिकॉर्डिंग</translation>
    </message>
    <message>
        <source>Medicine stock list</source>
        <translation>दवा भंडार सूची</translation>
    </message>
    <message>
        <source>Call chat message</source>
        <translation>कॉल का चैट संदेश</translation>
    </message>
    <message>
        <source>What a call achieved</source>
        <translation>कॉल का नतीजा (वीडियो, ऑडियो या केवल चैट)</translation>
    </message>
    <message>
        <source>Report: a prescription could not be verified</source>
        <translation>सूचना: एक पर्चा सत्यापित नहीं हो सका</translation>
    </message>
    <message>
        <source>No connection to the hub. Your work is saved on this PC and will be sent later.</source>
        <translation>हब से कोई कनेक्शन नहीं है। आपका काम इस पीसी पर सहेजा गया है और बाद में भेजा जाएगा।</translation>
    </message>
    <message>
        <source>Patient record</source>
        <translation>मरीज़ का रिकॉर्ड</translation>
    </message>
    <message>
        <source>Please sign in to the hub again. Your work is saved on this PC.</source>
        <translation>कृपया हब में फिर से साइन इन करें। आपका काम इस पीसी पर सहेजा गया है।</translation>
    </message>
    <message>
        <source>Something between this PC and the hub answered instead of the hub (for example a Wi-Fi login page). Nothing was marked as sent; it will be tried again.</source>
        <translation>इस पीसी और हब के बीच किसी और ने हब की जगह उत्तर दिया (जैसे वाई-फ़ाई लॉगिन पेज)। कुछ भी भेजा हुआ नहीं माना गया; फिर से प्रयास किया जाएगा।</translation>
    </message>
    <message>
        <source>The computer's password store (keyring) could not be used, so the hub connection cannot be saved or read. Your work is still saved on this PC.</source>
        <translation>कंप्यूटर का पासवर्ड स्टोर (कीरिंग) उपयोग नहीं हो सका, इसलिए हब कनेक्शन सहेजा या पढ़ा नहीं जा सकता। आपका काम अब भी इस पीसी पर सहेजा गया है।</translation>
    </message>
    <message>
        <source>The hub already has a different version of this record. Both versions are kept; please choose which one is right.</source>
        <translation>हब के पास इस रिकॉर्ड का अलग संस्करण पहले से है। दोनों संस्करण रखे गए हैं; कृपया चुनें कि कौन सा सही है।</translation>
    </message>
    <message>
        <source>The hub did not accept this code: it may be mistyped, already used or expired. Ask the hub administrator for a new code.</source>
        <translation>हब ने यह कोड स्वीकार नहीं किया: यह गलत लिखा, पहले से उपयोग किया या समाप्त हो सकता है। हब प्रशासक से नया कोड माँगें।</translation>
    </message>
    <message>
        <source>The hub dropped an unfinished upload; it will start again.</source>
        <translation>हब ने अधूरा अपलोड हटा दिया; यह फिर से शुरू होगा।</translation>
    </message>
    <message>
        <source>The hub had a problem. Sending will be tried again later.</source>
        <translation>हब में कोई समस्या थी। बाद में फिर से भेजने का प्रयास किया जाएगा।</translation>
    </message>
    <message>
        <source>The hub has disconnected this PC. All your work is still saved here. Ask the hub administrator for a new connection code.</source>
        <translation>हब ने इस पीसी को डिस्कनेक्ट कर दिया है। आपका सारा काम अब भी यहाँ सहेजा हुआ है। हब प्रशासक से नया कनेक्शन कोड माँगें।</translation>
    </message>
    <message>
        <source>The hub is busy. Sending will continue by itself in a moment.</source>
        <translation>हब व्यस्त है। थोड़ी देर में भेजना अपने आप जारी रहेगा।</translation>
    </message>
    <message>
        <source>The hub refused this item. It is kept on this PC.</source>
        <translation>हब ने यह मद अस्वीकार कर दिया। यह इस पीसी पर रखा गया है।</translation>
    </message>
    <message>
        <source>The hub's security certificate could not be checked, so nothing was sent. Check the hub address and the hub certificate in Settings, Connect to a hub.</source>
        <translation>हब के सुरक्षा प्रमाणपत्र की जाँच नहीं हो सकी, इसलिए कुछ नहीं भेजा गया। सेटिंग्स में "हब से जोड़ें" में हब का पता और हब का प्रमाणपत्र जाँचें।</translation>
    </message>
    <message>
        <source>This PC could not prepare a file for sending (for example, the disk is full). It will be tried again.</source>
        <translation>यह पीसी भेजने के लिए फ़ाइल तैयार नहीं कर सका (उदाहरण के लिए, डिस्क भर गई है)। इसे फिर से आज़माया जाएगा।</translation>
    </message>
    <message>
        <source>This PC is not connected to a hub yet. Enter the hub address and code in Settings.</source>
        <translation>यह पीसी अभी किसी हब से जुड़ा नहीं है। सेटिंग्स में हब का पता और कोड डालें।</translation>
    </message>
    <message>
        <source>This file waits until its consultation has been sent to the hub.</source>
        <translation>यह फ़ाइल तब तक रुकी रहेगी जब तक इसका परामर्श हब को नहीं भेजा जाता।</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message numerus="yes">
        <source>%Ln item(s) waiting</source>
        <translation>
            <numerusform>%Ln मद प्रतीक्षा में</numerusform>
            <numerusform>%Ln मद प्रतीक्षा में</numerusform>
        </translation>
    </message>
    <message>
        <source>Asking for everything waiting to be sent now…</source>
        <translation>प्रतीक्षा में रखी हर चीज़ अभी भेजने को कहा जा रहा है…</translation>
    </message>
    <message>
        <source>Could not retry: %1</source>
        <translation>फिर से प्रयास नहीं हो सका: %1</translation>
    </message>
    <message>
        <source>Keep the hub's version</source>
        <translation>हब का संस्करण रखें</translation>
    </message>
    <message>
        <source>Not connected to a hub</source>
        <translation>किसी हब से जुड़ा नहीं है</translation>
    </message>
    <message>
        <source>Not connected to a hub yet: connect in Settings, Connect to a hub.</source>
        <translation>अभी किसी हब से नहीं जुड़ा: सेटिंग्स में "हब से जोड़ें" से जोड़ें।</translation>
    </message>
    <message>
        <source>Nothing is waiting to be sent.</source>
        <translation>भेजने के लिए कुछ भी प्रतीक्षा में नहीं है।</translation>
    </message>
    <message>
        <source>Nothing was waiting to be sent.</source>
        <translation>भेजने के लिए कुछ भी प्रतीक्षा में नहीं था।</translation>
    </message>
    <message>
        <source>Offline: work is saved on this PC</source>
        <translation>ऑफ़लाइन: काम इस पीसी पर सहेजा गया है</translation>
    </message>
    <message>
        <source>On the hub:</source>
        <translation>हब पर:</translation>
    </message>
    <message>
        <source>On this PC:</source>
        <translation>इस पीसी पर:</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>ऑनलाइन</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>रोकें</translation>
    </message>
    <message>
        <source>Paused by you</source>
        <translation>आपने रोका है</translation>
    </message>
    <message>
        <source>Resume sending</source>
        <translation>भेजना फिर शुरू करें</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>अभी फिर से प्रयास करें</translation>
    </message>
    <message>
        <source>Retrying…</source>
        <translation>फिर से प्रयास हो रहा है…</translation>
    </message>
    <message>
        <source>Send this PC's version again</source>
        <translation>इस पीसी का संस्करण फिर से भेजें</translation>
    </message>
    <message>
        <source>Sending a file: %1 of %2 at %3/s</source>
        <translation>फ़ाइल भेजी जा रही है: %2 में से %1, गति %3/से.</translation>
    </message>
    <message>
        <source>Sending is paused: press Resume sending to send now.</source>
        <translation>भेजना रुका हुआ है: अभी भेजने के लिए "भेजना फिर शुरू करें" दबाएँ।</translation>
    </message>
    <message numerus="yes">
        <source>Sending now: %Ln item(s) waiting.</source>
        <translation>
            <numerusform>अभी भेजा जा रहा है: %Ln मद प्रतीक्षा में।</numerusform>
            <numerusform>अभी भेजा जा रहा है: %Ln मद प्रतीक्षा में।</numerusform>
        </translation>
    </message>
    <message>
        <source>Sending to the hub</source>
        <translation>हब को भेजा जा रहा है</translation>
    </message>
    <message>
        <source>Sync with the hub</source>
        <translation>हब के साथ सिंक</translation>
    </message>
    <message>
        <source>The hub has finalized its version, so this PC's version cannot replace it. Choose "Keep the hub's version": this PC's version stays saved here too.</source>
        <translation>हब ने अपना संस्करण अंतिम कर दिया है, इसलिए इस पीसी का संस्करण उसकी जगह नहीं ले सकता। "हब का संस्करण रखें" चुनें: इस पीसी का संस्करण भी यहाँ सहेजा रहेगा।</translation>
    </message>
    <message>
        <source>last synced %1</source>
        <translation>अंतिम सिंक %1</translation>
    </message>
    <message>
        <source>please try again.</source>
        <translation>कृपया दोबारा प्रयास करें।</translation>
    </message>
</context>
<context>
    <name>TrendChart</name>
    <message>
        <source>%1: no measurements yet.</source>
        <translation>%1: अभी कोई माप नहीं।</translation>
    </message>
    <message>
        <source>Blood glucose (mg/dL)</source>
        <translation>रक्त शर्करा (mg/dL)</translation>
    </message>
    <message>
        <source>Blood pressure (mmHg)</source>
        <translation>रक्तचाप (mmHg)</translation>
    </message>
    <message>
        <source>SpO₂ (%)</source>
        <translation>SpO₂ (%)</translation>
    </message>
    <message>
        <source>Weight (kg)</source>
        <translation>वज़न (kg)</translation>
    </message>
</context>
<context>
    <name>TrendsView</name>
    <message>
        <source>Earlier consults and this one; the orange mark is this consult.</source>
        <translation>पिछले परामर्श और यह परामर्श; नारंगी निशान यह परामर्श है।</translation>
    </message>
</context>
<context>
    <name>VitalsEditor</name>
    <message>
        <source>/min</source>
        <translation>/मिनट</translation>
    </message>
    <message>
        <source>BMI: enter weight and height</source>
        <translation>BMI: वज़न और लंबाई लिखें</translation>
    </message>
    <message>
        <source>BMI: {bmi} kg/m²</source>
        <translation>BMI: {bmi} किग्रा/मी²</translation>
    </message>
    <message>
        <source>BP diastolic</source>
        <translation>बीपी डायस्टोलिक</translation>
    </message>
    <message>
        <source>BP systolic</source>
        <translation>बीपी सिस्टोलिक</translation>
    </message>
    <message>
        <source>Blood glucose (random)</source>
        <translation>ब्लड शुगर (रैंडम)</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>लंबाई</translation>
    </message>
    <message>
        <source>Pulse</source>
        <translation>नब्ज़</translation>
    </message>
    <message>
        <source>Respiratory rate</source>
        <translation>साँस की दर</translation>
    </message>
    <message>
        <source>SpO₂</source>
        <translation>SpO₂</translation>
    </message>
    <message>
        <source>Switch to °C</source>
        <translation>°C पर बदलें</translation>
    </message>
    <message>
        <source>Switch to °F</source>
        <translation>°F पर बदलें</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>तापमान</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>वज़न</translation>
    </message>
    <message>
        <source>cm</source>
        <translation>सेमी</translation>
    </message>
    <message>
        <source>kg</source>
        <translation>किग्रा</translation>
    </message>
</context>
<context>
    <name>VitalsModel</name>
    <message>
        <source>Flag</source>
        <translation>संकेत</translation>
    </message>
    <message>
        <source>Measurement</source>
        <translation>माप</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>सामान्य</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>मान</translation>
    </message>
</context>
<context>
    <name>WorklistModel</name>
    <message>
        <source>A doctor has taken it</source>
        <translation>डॉक्टर ने इसे ले लिया है</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>शिकायतें</translation>
    </message>
    <message>
        <source>Draft: finish and send</source>
        <translation>ड्राफ़्ट: पूरा करके भेजें</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>पिछला बदलाव</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>मरीज़</translation>
    </message>
    <message>
        <source>Prescription received: print it</source>
        <translation>पर्चा आ गया: प्रिंट करें</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>करना है</translation>
    </message>
    <message>
        <source>Prescription received: cannot be printed (open it to see why)</source>
        <translation>पर्चा आया है: छापा नहीं जा सकता (कारण देखने के लिए खोलें)</translation>
    </message>
    <message>
        <source>Waiting for a hub doctor</source>
        <translation>हब डॉक्टर की प्रतीक्षा</translation>
    </message>
    <message>
        <source>Waiting for the hub</source>
        <translation>हब की प्रतीक्षा में</translation>
    </message>
    <message>
        <source>With a doctor</source>
        <translation>डॉक्टर के पास</translation>
    </message>
</context>
</TS>