<?xml version="1.0" encoding="UTF-8"?>
<!-- Peppol BIS Billing 3.0.19 rules (PEPPOL-EN16931-UBL.sch, OpenPeppol), compiled to
     XSLT 3.0 by SchXslt2 1.3.4 with tools/build_peppol_rules.py. Do not edit: replace
     the .sch and run that script again. Licence: NOTICE.txt in the folder above. -->
<stylesheet xmlns="http://www.w3.org/1999/XSL/Transform"
            xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
            xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
            xmlns:svrl="http://purl.oclc.org/dsdl/svrl"
            xmlns:u="utils"
            xmlns:ubl-creditnote="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
            xmlns:ubl-invoice="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
            xmlns:xs="http://www.w3.org/2001/XMLSchema"
            version="3.0"
            expand-text="false">
   <variable name="Q{http://dmaus.name/ns/2023/schxslt}phase"
             as="Q{http://www.w3.org/2001/XMLSchema}string"
             select="'#ALL'"/>
   <param name="profile"
          select="       if (/*/cbc:ProfileID and matches(normalize-space(/*/cbc:ProfileID), 'urn:fdc:peppol.eu:2017:poacc:billing:([0-9]{2}):1.0')) then         tokenize(normalize-space(/*/cbc:ProfileID), ':')[7]       else         'Unknown'"/>
   <param name="supplierCountry"
          select="       if (/*/cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/substring(cbc:CompanyID, 1, 2)) then         upper-case(normalize-space(/*/cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/substring(cbc:CompanyID, 1, 2)))       else         if (/*/cac:TaxRepresentativeParty/cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/substring(cbc:CompanyID, 1, 2)) then           upper-case(normalize-space(/*/cac:TaxRepresentativeParty/cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/substring(cbc:CompanyID, 1, 2)))         else           if (/*/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode) then             upper-case(normalize-space(/*/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode))           else             'XX'"/>
   <param name="customerCountry"
          select="   if (/*/cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/substring(cbc:CompanyID, 1, 2)) then   upper-case(normalize-space(/*/cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/substring(cbc:CompanyID, 1, 2)))   else   if (/*/cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode) then   upper-case(normalize-space(/*/cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode))   else   'XX'"/>
   <param name="supplierCountryIsDE"
          select="(upper-case(normalize-space(/*/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode)) = 'DE')"/>
   <param name="customerCountryIsDE"
          select="(upper-case(normalize-space(/*/cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode)) = 'DE')"/>
   <param name="documentCurrencyCode" select="/*/cbc:DocumentCurrencyCode"/>
   <param name="isGreekSender"
          select="($supplierCountry ='GR') or ($supplierCountry ='EL')"/>
   <param name="isGreekReceiver"
          select="($customerCountry ='GR') or ($customerCountry ='EL')"/>
   <param name="isGreekSenderandReceiver"
          select="$isGreekSender and $isGreekReceiver"/>
   <param name="accountingSupplierCountry"
          select="     if (/*/cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/substring(cbc:CompanyID, 1, 2)) then     upper-case(normalize-space(/*/cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/substring(cbc:CompanyID, 1, 2)))     else     if (/*/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode) then     upper-case(normalize-space(/*/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode))     else     'XX'"/>
   <function name="u:gln" as="xs:boolean">
      <param name="val"/>
      <variable name="length" select="string-length($val) - 1"/>
      <variable name="digits"
                select="reverse(for $i in string-to-codepoints(substring($val, 0, $length + 1)) return $i - 48)"/>
      <variable name="weightedSum"
                select="sum(for $i in (0 to $length - 1) return $digits[$i + 1] * (1 + ((($i + 1) mod 2) * 2)))"/>
      <value-of select="(10 - ($weightedSum mod 10)) mod 10 = number(substring($val, $length + 1, 1))"/>
   </function>
   <function name="u:slack" as="xs:boolean">
      <param name="exp" as="xs:decimal"/>
      <param name="val" as="xs:decimal"/>
      <param name="slack" as="xs:decimal"/>
      <value-of select="xs:decimal($exp + $slack) &gt;= $val and xs:decimal($exp - $slack) &lt;= $val"/>
   </function>
   <function name="u:mod11" as="xs:boolean">
      <param name="val"/>
      <variable name="length" select="string-length($val) - 1"/>
      <variable name="digits"
                select="reverse(for $i in string-to-codepoints(substring($val, 0, $length + 1)) return $i - 48)"/>
      <variable name="weightedSum"
                select="sum(for $i in (0 to $length - 1) return $digits[$i + 1] * (($i mod 6) + 2))"/>
      <value-of select="number($val) &gt; 0 and (11 - ($weightedSum mod 11)) mod 11 = number(substring($val, $length + 1, 1))"/>
   </function>
   <function name="u:mod97-0208" as="xs:boolean">
      <param name="val"/>
      <variable name="checkdigits" select="substring($val,9,2)"/>
      <variable name="calculated_digits"
                select="xs:string(97 - (xs:integer(substring($val,1,8)) mod 97))"/>
      <value-of select="number($checkdigits) = number($calculated_digits)"/>
   </function>
   <function name="u:checkCodiceIPA" as="xs:boolean">
      <param name="arg" as="xs:string?"/>
      <variable name="allowed-characters">ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789</variable>
      <sequence select="if ( (string-length(translate($arg, $allowed-characters, '')) = 0) and (string-length($arg) = 6) ) then true() else false()"/>
   </function>
   <function name="u:checkCF" as="xs:boolean">
      <param name="arg" as="xs:string?"/>
      <sequence select="   if ( (string-length($arg) = 16) or (string-length($arg) = 11) )      then    (    if ((string-length($arg) = 16))     then    (     if (u:checkCF16($arg))      then     (      true()     )     else     (      false()     )    )    else    (     if(($arg castable as xs:integer)) then true() else false()       )   )   else   (    false()   )   "/>
   </function>
   <function name="u:checkCF16" as="xs:boolean">
      <param name="arg" as="xs:string?"/>
      <variable name="allowed-characters">ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz</variable>
      <sequence select="     if (  (string-length(translate(substring($arg,1,6), $allowed-characters, '')) = 0) and         (substring($arg,7,2) castable as xs:integer) and        (string-length(translate(substring($arg,9,1), $allowed-characters, '')) = 0) and        (substring($arg,10,2) castable as xs:integer) and         (substring($arg,12,3) castable as xs:string) and        (substring($arg,15,1) castable as xs:integer) and         (string-length(translate(substring($arg,16,1), $allowed-characters, '')) = 0)      )      then true()     else false()     "/>
   </function>
   <function name="u:checkPIVAseIT" as="xs:boolean">
      <param name="arg" as="xs:string"/>
      <variable name="paese" select="substring($arg,1,2)"/>
      <variable name="codice" select="substring($arg,3)"/>
      <sequence select="     if ( $paese = 'IT' or $paese = 'it' )    then    (     if ( ( string-length($codice) = 11 ) and ( if (u:checkPIVA($codice)!=0) then false() else true() ))     then     (      true()     )     else     (      false()     )    )    else    (     true()    )      "/>
   </function>
   <function name="u:checkPIVA" as="xs:integer">
      <param name="arg" as="xs:string?"/>
      <sequence select="     if (not($arg castable as xs:integer))       then 1      else ( u:addPIVA($arg,xs:integer(0)) mod 10 )"/>
   </function>
   <function name="u:addPIVA" as="xs:integer">
      <param name="arg" as="xs:string"/>
      <param name="pari" as="xs:integer"/>
      <variable name="tappo"
                select="if (not($arg castable as xs:integer)) then 0 else 1"/>
      <variable name="mapper"
                select="if ($tappo = 0) then 0 else                    ( if ($pari = 1)                     then ( xs:integer(substring('0246813579', ( xs:integer(substring($arg,1,1)) +1 ) ,1)) )                     else ( xs:integer(substring($arg,1,1) ) )                   )"/>
      <sequence select="if ($tappo = 0) then $mapper else ( xs:integer($mapper) + u:addPIVA(substring(xs:string($arg),2), (if($pari=0) then 1 else 0) ) )"/>
   </function>
   <function name="u:abn" as="xs:boolean">
      <param name="val"/>
      <value-of select="( ((string-to-codepoints(substring($val,1,1)) - 49) * 10) + ((string-to-codepoints(substring($val,2,1)) - 48) * 1) + ((string-to-codepoints(substring($val,3,1)) - 48) * 3) + ((string-to-codepoints(substring($val,4,1)) - 48) * 5) + ((string-to-codepoints(substring($val,5,1)) - 48) * 7) + ((string-to-codepoints(substring($val,6,1)) - 48) * 9) + ((string-to-codepoints(substring($val,7,1)) - 48) * 11) + ((string-to-codepoints(substring($val,8,1)) - 48) * 13) + ((string-to-codepoints(substring($val,9,1)) - 48) * 15) + ((string-to-codepoints(substring($val,10,1)) - 48) * 17) + ((string-to-codepoints(substring($val,11,1)) - 48) * 19)) mod 89 = 0 "/>
   </function>
   <function name="u:TinVerification" as="xs:boolean">
      <param name="val" as="xs:string"/>
      <variable name="digits"
                select="    for $ch in string-to-codepoints($val)    return codepoints-to-string($ch)"/>
      <variable name="checksum"
                select="    (number($digits[8])*2) +    (number($digits[7])*4) +    (number($digits[6])*8) +    (number($digits[5])*16) +    (number($digits[4])*32) +    (number($digits[3])*64) +    (number($digits[2])*128) +    (number($digits[1])*256) "/>
      <value-of select="($checksum  mod 11) mod 10 = number($digits[9])"/>
   </function>
   <function name="u:checkSEOrgnr" as="xs:boolean">
      <param name="number" as="xs:string"/>
      <choose>
      <!-- Check if input is numeric -->
         <when test="not(matches($number, '^\d+$'))">
            <sequence select="false()"/>
         </when>
         <otherwise>
        <!-- verify the check number of the provided identifier according to the Luhn algorithm-->
            <variable name="mainPart" select="substring($number, 1, 9)"/>
            <variable name="checkDigit" select="substring($number, 10, 1)"/>
            <variable name="sum" as="xs:integer">
               <value-of select="sum(       for $pos in 1 to string-length($mainPart) return         if ($pos mod 2 = 1)         then (number(substring($mainPart, string-length($mainPart) - $pos + 1, 1)) * 2) mod 10 +           (number(substring($mainPart, string-length($mainPart) - $pos + 1, 1)) * 2) idiv 10         else number(substring($mainPart, string-length($mainPart) - $pos + 1, 1))      )"/>
            </variable>
            <variable name="calculatedCheckDigit" select="(10 - $sum mod 10) mod 10"/>
            <sequence select="$calculatedCheckDigit = number($checkDigit)"/>
         </otherwise>
      </choose>
   </function>
   <mode use-accumulators=""/>
   <mode name="group.d2e204"
         on-no-match="shallow-skip"
         streamable="false"
         use-accumulators=""/>
   <template match="*" mode="group.d2e204" priority="-10">
      <apply-templates select="@*" mode="#current"/>
      <apply-templates select="node()" mode="#current"/>
   </template>
   <variable name="DKSupplierCountry"
             select="concat(ubl-creditnote:CreditNote/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode, ubl-invoice:Invoice/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode)"/>
   <variable name="DKCustomerCountry"
             select="concat(ubl-creditnote:CreditNote/cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode, ubl-invoice:Invoice/cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode)"/>
   <variable name="dateRegExp"
             select="'^(0?[1-9]|[12][0-9]|3[01])[-\\/ ]?(0?[1-9]|1[0-2])[-\\/ ]?(19|20)[0-9]{2}'"/>
   <variable name="greekDocumentType"
             select="tokenize('1.1 1.6 2.1 2.4 5.1 5.2 ','\s')"/>
   <variable name="tokenizedUblIssueDate" select="tokenize(/*/cbc:IssueDate,'-')"/>
   <variable name="SupplierCountry"
             select="concat(ubl-creditnote:CreditNote/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode, ubl-invoice:Invoice/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode)"/>
   <variable name="CustomerCountry"
             select="concat(ubl-creditnote:CreditNote/cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode, ubl-invoice:Invoice/cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode)"/>
   <variable name="supplierCountryIsNL"
             select="(upper-case(normalize-space(/*/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode)) = 'NL')"/>
   <variable name="customerCountryIsNL"
             select="(upper-case(normalize-space(/*/cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode)) = 'NL')"/>
   <variable name="taxRepresentativeCountryIsNL"
             select="(upper-case(normalize-space(/*/cac:TaxRepresentativeParty/cac:PostalAddress/cac:Country/cbc:IdentificationCode)) = 'NL')"/>
   <variable name="XR-SKONTO-REGEX"
             select="'#(SKONTO)#TAGE=([0-9]+#PROZENT=[0-9]+\.[0-9]{2})(#BASISBETRAG=-?[0-9]+\.[0-9]{2})?#$'"/>
   <variable name="XR-EMAIL-REGEX"
             select="'^[a-zA-Z0-9!#\$%&amp;&#34;*+/=?^_`{|}~-]+(\.[a-zA-Z0-9!#\$%&amp;&#34;*+/=?^_`{|}~-]+)*@([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?\.)+[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$'"/>
   <variable name="XR-TELEPHONE-REGEX" select="'.*([0-9].*){3,}.*'"/>
   <variable name="ISO3166"
             select="tokenize('AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW 1A XI', '\s')"/>
   <variable name="ISO4217"
             select="tokenize('AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XDR XOF XPD XPF XPT XSU XTS XUA YER ZAR ZMW ZWG XXX', '\s')"/>
   <variable name="MIMECODE"
             select="tokenize('application/pdf image/png image/jpeg text/csv application/vnd.openxmlformats-officedocument.spreadsheetml.sheet application/vnd.oasis.opendocument.spreadsheet', '\s')"/>
   <variable name="UNCL2005" select="tokenize('3 35 432', '\s')"/>
   <variable name="UNCL5189"
             select="tokenize('41 42 60 62 63 64 65 66 67 68 70 71 88 95 100 102 103 104 105', '\s')"/>
   <variable name="UNCL7161"
             select="tokenize('AA AAA AAC AAD AAE AAF AAH AAI AAS AAT AAV AAY AAZ ABA ABB ABC ABD ABF ABK ABL ABN ABR ABS ABT ABU ACF ACG ACH ACI ACJ ACK ACL ACM ACS ADC ADE ADJ ADK ADL ADM ADN ADO ADP ADQ ADR ADT ADW ADY ADZ AEA AEB AEC AED AEF AEH AEI AEJ AEK AEL AEM AEN AEO AEP AES AET AEU AEV AEW AEX AEY AEZ AJ AU CA CAB CAD CAE CAF CAI CAJ CAK CAL CAM CAN CAO CAP CAQ CAR CAS CAT CAU CAV CAW CAX CAY CAZ CD CG CS CT DAB DAC DAD DAF DAG DAH DAI DAJ DAK DAL DAM DAN DAO DAP DAQ DL EG EP ER FAA FAB FAC FC FH FI GAA HAA HD HH IAA IAB ID IF IR IS KO L1 LA LAA LAB LF MAE MI ML NAA OA PA PAA PC PL PRV RAB RAC RAD RAF RE RF RH RV SA SAA SAD SAE SAI SG SH SM SU TAB TAC TT TV V1 V2 WH XAA YY ZZZ', '\s')"/>
   <variable name="UNCL5305" select="tokenize('AE E S Z G O K L M B', '\s')"/>
   <variable name="eaid"
             select="tokenize('0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0151 0177 0183 0184 0188 0190 0191 0192 0193 0195 0196 0198 0199 0200 0201 0202 0204 0208 0209 0210 0211 0212 0213 0215 0216 0218 0221 0230 0235 9910 9913 9914 9915 9918 9919 9920 9922 9923 9924 9925 9926 9927 9928 9929 9930 9931 9932 9933 9934 9935 9936 9937 9938 9939 9940 9941 9942 9943 9944 9945 9946 9947 9948 9949 9950 9951 9952 9953 9957 9959 0147 0154 0158 0170 0194 0203 0205 0217 0225 0240', '\s')"/>
   <template match="//*[not(*) and not(normalize-space())]"
             mode="group.d2e204"
             priority="89">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e204' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="//*[not(*) and not(normalize-space())]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="//*[not(*) and not(normalize-space())]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(false())">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal" id="PEPPOL-EN16931-R008" test="false()">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Document MUST not contain empty elements.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e204', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="ubl-creditnote:CreditNote" mode="group.d2e204" priority="88">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e215' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="ubl-creditnote:CreditNote">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="ubl-creditnote:CreditNote">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not((count(cac:AdditionalDocumentReference[cbc:DocumentTypeCode='50']) &lt;= 1))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-R080"
                                      test="(count(cac:AdditionalDocumentReference[cbc:DocumentTypeCode='50']) &lt;= 1)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Only one project reference is allowed on document level</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e215', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="ubl-creditnote:CreditNote | ubl-invoice:Invoice"
             mode="group.d2e204"
             priority="87">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e224' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="ubl-creditnote:CreditNote | ubl-invoice:Invoice">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="ubl-creditnote:CreditNote | ubl-invoice:Invoice">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(cbc:ProfileID)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal" id="PEPPOL-EN16931-R001" test="cbc:ProfileID">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Business process MUST be provided.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not($profile != 'Unknown')">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal" id="PEPPOL-EN16931-R007" test="$profile != 'Unknown'">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Business process MUST be in the format 'urn:fdc:peppol.eu:2017:poacc:billing:NN:1.0' where NN indicates the process number.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(count(cbc:Note) &lt;= 1 or ($supplierCountryIsDE and $customerCountryIsDE))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-R002"
                                      test="count(cbc:Note) &lt;= 1 or ($supplierCountryIsDE and $customerCountryIsDE)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>No more than one note is allowed on document level, unless both the buyer and seller are German organizations.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(cbc:BuyerReference or cac:OrderReference/cbc:ID)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-R003"
                                      test="cbc:BuyerReference or cac:OrderReference/cbc:ID">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>A buyer reference or purchase order reference MUST be provided.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(starts-with(normalize-space(cbc:CustomizationID/text()), 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0'))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-R004"
                                      test="starts-with(normalize-space(cbc:CustomizationID/text()), 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0')">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Specification identifier MUST have the value 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0'.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(count(cac:TaxTotal[cac:TaxSubtotal]) = 1)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-R053"
                                      test="count(cac:TaxTotal[cac:TaxSubtotal]) = 1">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Only one tax total with tax subtotals MUST be provided.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(count(cac:TaxTotal[not(cac:TaxSubtotal)]) = (if (cbc:TaxCurrencyCode) then 1 else 0))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-R054"
                                      test="count(cac:TaxTotal[not(cac:TaxSubtotal)]) = (if (cbc:TaxCurrencyCode) then 1 else 0)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Only one tax total without tax subtotals MUST be provided when tax currency code is provided.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(not(cbc:TaxCurrencyCode) or (cac:TaxTotal/cbc:TaxAmount[@currencyID=normalize-space(../../cbc:TaxCurrencyCode)] &lt;= 0 and cac:TaxTotal/cbc:TaxAmount[@currencyID=normalize-space(../../cbc:DocumentCurrencyCode)] &lt;= 0) or (cac:TaxTotal/cbc:TaxAmount[@currencyID=normalize-space(../../cbc:TaxCurrencyCode)] &gt;= 0 and cac:TaxTotal/cbc:TaxAmount[@currencyID=normalize-space(../../cbc:DocumentCurrencyCode)] &gt;= 0) )">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-R055"
                                      test="not(cbc:TaxCurrencyCode) or (cac:TaxTotal/cbc:TaxAmount[@currencyID=normalize-space(../../cbc:TaxCurrencyCode)] &lt;= 0 and cac:TaxTotal/cbc:TaxAmount[@currencyID=normalize-space(../../cbc:DocumentCurrencyCode)] &lt;= 0) or (cac:TaxTotal/cbc:TaxAmount[@currencyID=normalize-space(../../cbc:TaxCurrencyCode)] &gt;= 0 and cac:TaxTotal/cbc:TaxAmount[@currencyID=normalize-space(../../cbc:DocumentCurrencyCode)] &gt;= 0) ">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Invoice total VAT amount and Invoice total VAT amount in accounting currency MUST have the same operational sign</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e224', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cbc:TaxCurrencyCode" mode="group.d2e204" priority="86">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e224' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cbc:TaxCurrencyCode">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cbc:TaxCurrencyCode">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(not(normalize-space(text()) = normalize-space(../cbc:DocumentCurrencyCode/text())))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-R005"
                                      test="not(normalize-space(text()) = normalize-space(../cbc:DocumentCurrencyCode/text()))">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>VAT accounting currency code MUST be different from invoice currency code when provided.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e224', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:AccountingCustomerParty/cac:Party"
             mode="group.d2e204"
             priority="85">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e224' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:AccountingCustomerParty/cac:Party">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:AccountingCustomerParty/cac:Party">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(cbc:EndpointID)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal" id="PEPPOL-EN16931-R010" test="cbc:EndpointID">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Buyer electronic address MUST be provided</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e224', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:AccountingSupplierParty/cac:Party"
             mode="group.d2e204"
             priority="84">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e224' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:AccountingSupplierParty/cac:Party">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:AccountingSupplierParty/cac:Party">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(cbc:EndpointID)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal" id="PEPPOL-EN16931-R020" test="cbc:EndpointID">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Seller electronic address MUST be provided</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e224', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="ubl-invoice:Invoice/cac:AllowanceCharge[cbc:MultiplierFactorNumeric and not(cbc:BaseAmount)] | ubl-invoice:Invoice/cac:InvoiceLine/cac:AllowanceCharge[cbc:MultiplierFactorNumeric and not(cbc:BaseAmount)] | ubl-creditnote:CreditNote/cac:AllowanceCharge[cbc:MultiplierFactorNumeric and not(cbc:BaseAmount)] | ubl-creditnote:CreditNote/cac:CreditNoteLine/cac:AllowanceCharge[cbc:MultiplierFactorNumeric and not(cbc:BaseAmount)]"
             mode="group.d2e204"
             priority="83">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e224' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="ubl-invoice:Invoice/cac:AllowanceCharge[cbc:MultiplierFactorNumeric and not(cbc:BaseAmount)] | ubl-invoice:Invoice/cac:InvoiceLine/cac:AllowanceCharge[cbc:MultiplierFactorNumeric and not(cbc:BaseAmount)] | ubl-creditnote:CreditNote/cac:AllowanceCharge[cbc:MultiplierFactorNumeric and not(cbc:BaseAmount)] | ubl-creditnote:CreditNote/cac:CreditNoteLine/cac:AllowanceCharge[cbc:MultiplierFactorNumeric and not(cbc:BaseAmount)]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="ubl-invoice:Invoice/cac:AllowanceCharge[cbc:MultiplierFactorNumeric and not(cbc:BaseAmount)] | ubl-invoice:Invoice/cac:InvoiceLine/cac:AllowanceCharge[cbc:MultiplierFactorNumeric and not(cbc:BaseAmount)] | ubl-creditnote:CreditNote/cac:AllowanceCharge[cbc:MultiplierFactorNumeric and not(cbc:BaseAmount)] | ubl-creditnote:CreditNote/cac:CreditNoteLine/cac:AllowanceCharge[cbc:MultiplierFactorNumeric and not(cbc:BaseAmount)]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(false())">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal" id="PEPPOL-EN16931-R041" test="false()">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Allowance/charge base amount MUST be provided when allowance/charge percentage is provided.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e224', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="ubl-invoice:Invoice/cac:AllowanceCharge[not(cbc:MultiplierFactorNumeric) and cbc:BaseAmount] | ubl-invoice:Invoice/cac:InvoiceLine/cac:AllowanceCharge[not(cbc:MultiplierFactorNumeric) and cbc:BaseAmount] | ubl-creditnote:CreditNote/cac:AllowanceCharge[not(cbc:MultiplierFactorNumeric) and cbc:BaseAmount] | ubl-creditnote:CreditNote/cac:CreditNoteLine/cac:AllowanceCharge[not(cbc:MultiplierFactorNumeric) and cbc:BaseAmount]"
             mode="group.d2e204"
             priority="82">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e224' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="ubl-invoice:Invoice/cac:AllowanceCharge[not(cbc:MultiplierFactorNumeric) and cbc:BaseAmount] | ubl-invoice:Invoice/cac:InvoiceLine/cac:AllowanceCharge[not(cbc:MultiplierFactorNumeric) and cbc:BaseAmount] | ubl-creditnote:CreditNote/cac:AllowanceCharge[not(cbc:MultiplierFactorNumeric) and cbc:BaseAmount] | ubl-creditnote:CreditNote/cac:CreditNoteLine/cac:AllowanceCharge[not(cbc:MultiplierFactorNumeric) and cbc:BaseAmount]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="ubl-invoice:Invoice/cac:AllowanceCharge[not(cbc:MultiplierFactorNumeric) and cbc:BaseAmount] | ubl-invoice:Invoice/cac:InvoiceLine/cac:AllowanceCharge[not(cbc:MultiplierFactorNumeric) and cbc:BaseAmount] | ubl-creditnote:CreditNote/cac:AllowanceCharge[not(cbc:MultiplierFactorNumeric) and cbc:BaseAmount] | ubl-creditnote:CreditNote/cac:CreditNoteLine/cac:AllowanceCharge[not(cbc:MultiplierFactorNumeric) and cbc:BaseAmount]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(false())">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal" id="PEPPOL-EN16931-R042" test="false()">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Allowance/charge percentage MUST be provided when allowance/charge base amount is provided.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e224', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="ubl-invoice:Invoice/cac:AllowanceCharge | ubl-invoice:Invoice/cac:InvoiceLine/cac:AllowanceCharge | ubl-creditnote:CreditNote/cac:AllowanceCharge | ubl-creditnote:CreditNote/cac:CreditNoteLine/cac:AllowanceCharge"
             mode="group.d2e204"
             priority="81">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e224' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="ubl-invoice:Invoice/cac:AllowanceCharge | ubl-invoice:Invoice/cac:InvoiceLine/cac:AllowanceCharge | ubl-creditnote:CreditNote/cac:AllowanceCharge | ubl-creditnote:CreditNote/cac:CreditNoteLine/cac:AllowanceCharge">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="ubl-invoice:Invoice/cac:AllowanceCharge | ubl-invoice:Invoice/cac:InvoiceLine/cac:AllowanceCharge | ubl-creditnote:CreditNote/cac:AllowanceCharge | ubl-creditnote:CreditNote/cac:CreditNoteLine/cac:AllowanceCharge">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(           not(cbc:MultiplierFactorNumeric and cbc:BaseAmount) or u:slack(if (cbc:Amount) then             cbc:Amount           else             0, (xs:decimal(cbc:BaseAmount) * xs:decimal(cbc:MultiplierFactorNumeric)) div 100, 0.02))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-R040"
                                      test="           not(cbc:MultiplierFactorNumeric and cbc:BaseAmount) or u:slack(if (cbc:Amount) then             cbc:Amount           else             0, (xs:decimal(cbc:BaseAmount) * xs:decimal(cbc:MultiplierFactorNumeric)) div 100, 0.02)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Allowance/charge amount must equal base amount * percentage/100 if base amount and percentage exists</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(normalize-space(cbc:ChargeIndicator/text()) = 'true' or normalize-space(cbc:ChargeIndicator/text()) = 'false')">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-R043"
                                      test="normalize-space(cbc:ChargeIndicator/text()) = 'true' or normalize-space(cbc:ChargeIndicator/text()) = 'false'">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Allowance/charge ChargeIndicator value MUST equal 'true' or 'false'</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e224', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="         cac:PaymentMeans[some $code in tokenize('49 59', '\s')           satisfies normalize-space(cbc:PaymentMeansCode) = $code]"
             mode="group.d2e204"
             priority="80">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e224' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="         cac:PaymentMeans[some $code in tokenize('49 59', '\s')           satisfies normalize-space(cbc:PaymentMeansCode) = $code]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="         cac:PaymentMeans[some $code in tokenize('49 59', '\s')           satisfies normalize-space(cbc:PaymentMeansCode) = $code]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(cac:PaymentMandate/cbc:ID)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-R061"
                                      test="cac:PaymentMandate/cbc:ID">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Mandate reference MUST be provided for direct debit.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e224', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cbc:Amount | cbc:BaseAmount | cbc:PriceAmount | cac:TaxTotal[cac:TaxSubtotal]/cbc:TaxAmount | cac:TaxSubtotal/cbc:TaxAmount | cbc:TaxableAmount | cbc:LineExtensionAmount | cbc:TaxExclusiveAmount | cbc:TaxInclusiveAmount | cbc:AllowanceTotalAmount | cbc:ChargeTotalAmount | cbc:PrepaidAmount | cbc:PayableRoundingAmount | cbc:PayableAmount"
             mode="group.d2e204"
             priority="79">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e224' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cbc:Amount | cbc:BaseAmount | cbc:PriceAmount | cac:TaxTotal[cac:TaxSubtotal]/cbc:TaxAmount | cac:TaxSubtotal/cbc:TaxAmount | cbc:TaxableAmount | cbc:LineExtensionAmount | cbc:TaxExclusiveAmount | cbc:TaxInclusiveAmount | cbc:AllowanceTotalAmount | cbc:ChargeTotalAmount | cbc:PrepaidAmount | cbc:PayableRoundingAmount | cbc:PayableAmount">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cbc:Amount | cbc:BaseAmount | cbc:PriceAmount | cac:TaxTotal[cac:TaxSubtotal]/cbc:TaxAmount | cac:TaxSubtotal/cbc:TaxAmount | cbc:TaxableAmount | cbc:LineExtensionAmount | cbc:TaxExclusiveAmount | cbc:TaxInclusiveAmount | cbc:AllowanceTotalAmount | cbc:ChargeTotalAmount | cbc:PrepaidAmount | cbc:PayableRoundingAmount | cbc:PayableAmount">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(@currencyID = $documentCurrencyCode)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-R051"
                                      test="@currencyID = $documentCurrencyCode">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>All currencyID attributes must have the same value as the invoice currency code (BT-5), except for the invoice total VAT amount in accounting currency (BT-111).</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e224', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="ubl-invoice:Invoice[cac:InvoicePeriod/cbc:StartDate]/cac:InvoiceLine/cac:InvoicePeriod/cbc:StartDate | ubl-creditnote:CreditNote[cac:InvoicePeriod/cbc:StartDate]/cac:CreditNoteLine/cac:InvoicePeriod/cbc:StartDate"
             mode="group.d2e204"
             priority="78">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e224' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="ubl-invoice:Invoice[cac:InvoicePeriod/cbc:StartDate]/cac:InvoiceLine/cac:InvoicePeriod/cbc:StartDate | ubl-creditnote:CreditNote[cac:InvoicePeriod/cbc:StartDate]/cac:CreditNoteLine/cac:InvoicePeriod/cbc:StartDate">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="ubl-invoice:Invoice[cac:InvoicePeriod/cbc:StartDate]/cac:InvoiceLine/cac:InvoicePeriod/cbc:StartDate | ubl-creditnote:CreditNote[cac:InvoicePeriod/cbc:StartDate]/cac:CreditNoteLine/cac:InvoicePeriod/cbc:StartDate">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(xs:date(text()) &gt;= xs:date(../../../cac:InvoicePeriod/cbc:StartDate))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-R110"
                                      test="xs:date(text()) &gt;= xs:date(../../../cac:InvoicePeriod/cbc:StartDate)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Start date of line period MUST be within invoice period.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e224', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="ubl-invoice:Invoice[cac:InvoicePeriod/cbc:EndDate]/cac:InvoiceLine/cac:InvoicePeriod/cbc:EndDate | ubl-creditnote:CreditNote[cac:InvoicePeriod/cbc:EndDate]/cac:CreditNoteLine/cac:InvoicePeriod/cbc:EndDate"
             mode="group.d2e204"
             priority="77">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e224' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="ubl-invoice:Invoice[cac:InvoicePeriod/cbc:EndDate]/cac:InvoiceLine/cac:InvoicePeriod/cbc:EndDate | ubl-creditnote:CreditNote[cac:InvoicePeriod/cbc:EndDate]/cac:CreditNoteLine/cac:InvoicePeriod/cbc:EndDate">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="ubl-invoice:Invoice[cac:InvoicePeriod/cbc:EndDate]/cac:InvoiceLine/cac:InvoicePeriod/cbc:EndDate | ubl-creditnote:CreditNote[cac:InvoicePeriod/cbc:EndDate]/cac:CreditNoteLine/cac:InvoicePeriod/cbc:EndDate">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(xs:date(text()) &lt;= xs:date(../../../cac:InvoicePeriod/cbc:EndDate))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-R111"
                                      test="xs:date(text()) &lt;= xs:date(../../../cac:InvoicePeriod/cbc:EndDate)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>End date of line period MUST be within invoice period.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e224', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:InvoiceLine | cac:CreditNoteLine"
             mode="group.d2e204"
             priority="76">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e224' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:InvoiceLine | cac:CreditNoteLine">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:InvoiceLine | cac:CreditNoteLine">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <variable name="lineExtensionAmount"
                      select="           if (cbc:LineExtensionAmount) then             xs:decimal(cbc:LineExtensionAmount)           else             0"/>
            <variable name="quantity"
                      select="           if (/ubl-invoice:Invoice) then             (if (cbc:InvoicedQuantity) then               xs:decimal(cbc:InvoicedQuantity)             else               1)           else             (if (cbc:CreditedQuantity) then               xs:decimal(cbc:CreditedQuantity)             else               1)"/>
            <variable name="priceAmount"
                      select="           if (cac:Price/cbc:PriceAmount) then             xs:decimal(cac:Price/cbc:PriceAmount)           else             0"/>
            <variable name="baseQuantity"
                      select="           if (cac:Price/cbc:BaseQuantity and xs:decimal(cac:Price/cbc:BaseQuantity) != 0) then             xs:decimal(cac:Price/cbc:BaseQuantity)           else             1"/>
            <variable name="allowancesTotal"
                      select="           if (cac:AllowanceCharge[normalize-space(cbc:ChargeIndicator) = 'false']) then             round(sum(cac:AllowanceCharge[normalize-space(cbc:ChargeIndicator) = 'false']/cbc:Amount/xs:decimal(.)) * 10 * 10) div 100           else             0"/>
            <variable name="chargesTotal"
                      select="           if (cac:AllowanceCharge[normalize-space(cbc:ChargeIndicator) = 'true']) then             round(sum(cac:AllowanceCharge[normalize-space(cbc:ChargeIndicator) = 'true']/cbc:Amount/xs:decimal(.)) * 10 * 10) div 100           else             0"/>
            <if test="not(u:slack($lineExtensionAmount, ($quantity * ($priceAmount div $baseQuantity)) + $chargesTotal - $allowancesTotal, 0.02))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-R120"
                                      test="u:slack($lineExtensionAmount, ($quantity * ($priceAmount div $baseQuantity)) + $chargesTotal - $allowancesTotal, 0.02)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Invoice line net amount MUST equal (Invoiced quantity * (Item net price/item price base quantity) + Sum of invoice line charge amount - sum of invoice line allowance amount</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(not(cac:Price/cbc:BaseQuantity) or xs:decimal(cac:Price/cbc:BaseQuantity) &gt; 0)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-R121"
                                      test="not(cac:Price/cbc:BaseQuantity) or xs:decimal(cac:Price/cbc:BaseQuantity) &gt; 0">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Base quantity MUST be a positive number above zero.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not((count(cac:DocumentReference) &lt;= 1))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-R100"
                                      test="(count(cac:DocumentReference) &lt;= 1)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Only one invoiced object is allowed pr line</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not((not(cac:DocumentReference) or (cac:DocumentReference/cbc:DocumentTypeCode='130')))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-R101"
                                      test="(not(cac:DocumentReference) or (cac:DocumentReference/cbc:DocumentTypeCode='130'))">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Element Document reference can only be used for Invoice line object</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e224', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:Price/cac:AllowanceCharge"
             mode="group.d2e204"
             priority="75">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e224' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:Price/cac:AllowanceCharge">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:Price/cac:AllowanceCharge">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(normalize-space(cbc:ChargeIndicator) = 'false')">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-R044"
                                      test="normalize-space(cbc:ChargeIndicator) = 'false'">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Charge on price level is NOT allowed. Only value 'false' allowed.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(not(cbc:BaseAmount) or xs:decimal(../cbc:PriceAmount) = xs:decimal(cbc:BaseAmount) - xs:decimal(cbc:Amount))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-R046"
                                      test="not(cbc:BaseAmount) or xs:decimal(../cbc:PriceAmount) = xs:decimal(cbc:BaseAmount) - xs:decimal(cbc:Amount)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Item net price MUST equal (Gross price - Allowance amount) when gross price is provided.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e224', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:Price/cbc:BaseQuantity[@unitCode]"
             mode="group.d2e204"
             priority="74">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e224' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:Price/cbc:BaseQuantity[@unitCode]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:Price/cbc:BaseQuantity[@unitCode]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <variable name="hasQuantity"
                      select="../../cbc:InvoicedQuantity or ../../cbc:CreditedQuantity"/>
            <variable name="quantity"
                      select="           if (/ubl-invoice:Invoice) then             ../../cbc:InvoicedQuantity           else             ../../cbc:CreditedQuantity"/>
            <if test="not(not($hasQuantity) or @unitCode = $quantity/@unitCode)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-R130"
                                      test="not($hasQuantity) or @unitCode = $quantity/@unitCode">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Unit code of price base quantity MUST be same as invoiced quantity.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e224', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cbc:EndpointID[@schemeID = '0088'] | cac:PartyIdentification/cbc:ID[@schemeID = '0088'] | cbc:CompanyID[@schemeID = '0088']"
             mode="group.d2e204"
             priority="73">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e224' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cbc:EndpointID[@schemeID = '0088'] | cac:PartyIdentification/cbc:ID[@schemeID = '0088'] | cbc:CompanyID[@schemeID = '0088']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cbc:EndpointID[@schemeID = '0088'] | cac:PartyIdentification/cbc:ID[@schemeID = '0088'] | cbc:CompanyID[@schemeID = '0088']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(matches(normalize-space(), '^[0-9]+$') and u:gln(normalize-space()))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-COMMON-R040"
                                      test="matches(normalize-space(), '^[0-9]+$') and u:gln(normalize-space())">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>GLN must have a valid format according to GS1 rules.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e224', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cbc:EndpointID[@schemeID = '0192'] | cac:PartyIdentification/cbc:ID[@schemeID = '0192'] | cbc:CompanyID[@schemeID = '0192']"
             mode="group.d2e204"
             priority="72">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e224' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cbc:EndpointID[@schemeID = '0192'] | cac:PartyIdentification/cbc:ID[@schemeID = '0192'] | cbc:CompanyID[@schemeID = '0192']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cbc:EndpointID[@schemeID = '0192'] | cac:PartyIdentification/cbc:ID[@schemeID = '0192'] | cbc:CompanyID[@schemeID = '0192']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(matches(normalize-space(), '^[0-9]{9}$') and u:mod11(normalize-space()))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-COMMON-R041"
                                      test="matches(normalize-space(), '^[0-9]{{9}}$') and u:mod11(normalize-space())">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Norwegian organization number MUST be stated in the correct format.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e224', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cbc:EndpointID[@schemeID = '0184'] | cac:PartyIdentification/cbc:ID[@schemeID = '0184'] | cbc:CompanyID[@schemeID = '0184']"
             mode="group.d2e204"
             priority="71">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e224' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cbc:EndpointID[@schemeID = '0184'] | cac:PartyIdentification/cbc:ID[@schemeID = '0184'] | cbc:CompanyID[@schemeID = '0184']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cbc:EndpointID[@schemeID = '0184'] | cac:PartyIdentification/cbc:ID[@schemeID = '0184'] | cbc:CompanyID[@schemeID = '0184']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not((string-length(string()) = 10 and substring(string(), 1, 2) = 'DK' and string-length(translate(substring(string(), 3, 8), '1234567890', '')) = 0)                or               (string-length(string()) = 8) and (string-length(translate(substring(string(), 1, 8),'1234567890', '')) = 0))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-COMMON-R042"
                                      test="(string-length(string()) = 10 and substring(string(), 1, 2) = 'DK' and string-length(translate(substring(string(), 3, 8), '1234567890', '')) = 0)                or               (string-length(string()) = 8) and (string-length(translate(substring(string(), 1, 8),'1234567890', '')) = 0)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Danish organization number (CVR) MUST be stated in the correct format.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e224', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cbc:EndpointID[@schemeID = '0208'] | cac:PartyIdentification/cbc:ID[@schemeID = '0208'] | cbc:CompanyID[@schemeID = '0208']"
             mode="group.d2e204"
             priority="70">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e224' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cbc:EndpointID[@schemeID = '0208'] | cac:PartyIdentification/cbc:ID[@schemeID = '0208'] | cbc:CompanyID[@schemeID = '0208']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cbc:EndpointID[@schemeID = '0208'] | cac:PartyIdentification/cbc:ID[@schemeID = '0208'] | cbc:CompanyID[@schemeID = '0208']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(matches(normalize-space(), '^[0-9]{10}$') and u:mod97-0208(normalize-space()))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-COMMON-R043"
                                      test="matches(normalize-space(), '^[0-9]{{10}}$') and u:mod97-0208(normalize-space())">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Belgian enterprise number MUST be stated in the correct format.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e224', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cbc:EndpointID[@schemeID = '0201'] | cac:PartyIdentification/cbc:ID[@schemeID = '0201'] | cbc:CompanyID[@schemeID = '0201']"
             mode="group.d2e204"
             priority="69">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e224' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cbc:EndpointID[@schemeID = '0201'] | cac:PartyIdentification/cbc:ID[@schemeID = '0201'] | cbc:CompanyID[@schemeID = '0201']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cbc:EndpointID[@schemeID = '0201'] | cac:PartyIdentification/cbc:ID[@schemeID = '0201'] | cbc:CompanyID[@schemeID = '0201']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(u:checkCodiceIPA(normalize-space()))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="warning"
                                      id="PEPPOL-COMMON-R044"
                                      test="u:checkCodiceIPA(normalize-space())">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>IPA Code (Codice Univoco Unità Organizzativa) must be stated in the correct format</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e224', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cbc:EndpointID[@schemeID = '0210'] | cac:PartyIdentification/cbc:ID[@schemeID = '0210'] | cbc:CompanyID[@schemeID = '0210']"
             mode="group.d2e204"
             priority="68">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e224' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cbc:EndpointID[@schemeID = '0210'] | cac:PartyIdentification/cbc:ID[@schemeID = '0210'] | cbc:CompanyID[@schemeID = '0210']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cbc:EndpointID[@schemeID = '0210'] | cac:PartyIdentification/cbc:ID[@schemeID = '0210'] | cbc:CompanyID[@schemeID = '0210']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(u:checkCF(normalize-space()))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="warning"
                                      id="PEPPOL-COMMON-R045"
                                      test="u:checkCF(normalize-space())">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Tax Code (Codice Fiscale) must be stated in the correct format</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e224', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cbc:EndpointID[@schemeID = '9907']"
             mode="group.d2e204"
             priority="67">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e224' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cbc:EndpointID[@schemeID = '9907']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cbc:EndpointID[@schemeID = '9907']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(u:checkCF(normalize-space()))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="warning"
                                      id="PEPPOL-COMMON-R046"
                                      test="u:checkCF(normalize-space())">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Tax Code (Codice Fiscale) must be stated in the correct format</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e224', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cbc:EndpointID[@schemeID = '0211'] | cac:PartyIdentification/cbc:ID[@schemeID = '0211'] | cbc:CompanyID[@schemeID = '0211']"
             mode="group.d2e204"
             priority="66">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e224' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cbc:EndpointID[@schemeID = '0211'] | cac:PartyIdentification/cbc:ID[@schemeID = '0211'] | cbc:CompanyID[@schemeID = '0211']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cbc:EndpointID[@schemeID = '0211'] | cac:PartyIdentification/cbc:ID[@schemeID = '0211'] | cbc:CompanyID[@schemeID = '0211']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(u:checkPIVAseIT(normalize-space()))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="warning"
                                      id="PEPPOL-COMMON-R047"
                                      test="u:checkPIVAseIT(normalize-space())">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Italian VAT Code (Partita Iva) must be stated in the correct format</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e224', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cbc:EndpointID[@schemeID = '0007'] | cac:PartyIdentification/cbc:ID[@schemeID = '0007'] | cbc:CompanyID[@schemeID = '0007']"
             mode="group.d2e204"
             priority="65">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e224' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cbc:EndpointID[@schemeID = '0007'] | cac:PartyIdentification/cbc:ID[@schemeID = '0007'] | cbc:CompanyID[@schemeID = '0007']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cbc:EndpointID[@schemeID = '0007'] | cac:PartyIdentification/cbc:ID[@schemeID = '0007'] | cbc:CompanyID[@schemeID = '0007']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(string-length(normalize-space()) = 10 and string(number(normalize-space())) != 'NaN' and u:checkSEOrgnr(normalize-space()))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-COMMON-R049"
                                      test="string-length(normalize-space()) = 10 and string(number(normalize-space())) != 'NaN' and u:checkSEOrgnr(normalize-space())">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Swedish organization number MUST be stated in the correct format.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e224', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cbc:EndpointID[@schemeID = '0151'] | cac:PartyIdentification/cbc:ID[@schemeID = '0151'] | cbc:CompanyID[@schemeID = '0151']"
             mode="group.d2e204"
             priority="64">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e224' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cbc:EndpointID[@schemeID = '0151'] | cac:PartyIdentification/cbc:ID[@schemeID = '0151'] | cbc:CompanyID[@schemeID = '0151']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cbc:EndpointID[@schemeID = '0151'] | cac:PartyIdentification/cbc:ID[@schemeID = '0151'] | cbc:CompanyID[@schemeID = '0151']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(matches(normalize-space(), '^[0-9]{11}$') and u:abn(normalize-space()))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-COMMON-R050"
                                      test="matches(normalize-space(), '^[0-9]{{11}}$') and u:abn(normalize-space())">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Australian Business Number (ABN) MUST be stated in the correct format.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e224', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:AccountingSupplierParty/cac:Party[$supplierCountry = 'NO']"
             mode="group.d2e204"
             priority="63">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e457' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:AccountingSupplierParty/cac:Party[$supplierCountry = 'NO']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:AccountingSupplierParty/cac:Party[$supplierCountry = 'NO']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(normalize-space(cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'TAX']/cbc:CompanyID) = 'Foretaksregisteret')">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="warning"
                                      id="NO-R-002"
                                      test="normalize-space(cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'TAX']/cbc:CompanyID) = 'Foretaksregisteret'">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>For Norwegian suppliers, most invoice issuers are required to append "Foretaksregisteret" to their invoice. "Dersom selger er aksjeselskap, allmennaksjeselskap eller filial av utenlandsk selskap skal også ordet «Foretaksregisteret» fremgå av salgsdokumentet, jf. foretaksregisterloven § 10-2."</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'VAT']/substring(cbc:CompanyID, 1, 2)='NO' and matches(cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'VAT']/substring(cbc:CompanyID,3), '^[0-9]{9}MVA$')           and u:mod11(substring(cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'VAT']/cbc:CompanyID, 3, 9)) or not(cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'VAT']/substring(cbc:CompanyID, 1, 2)='NO'))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="NO-R-001"
                                      test="cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'VAT']/substring(cbc:CompanyID, 1, 2)='NO' and matches(cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'VAT']/substring(cbc:CompanyID,3), '^[0-9]{{9}}MVA$')           and u:mod11(substring(cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'VAT']/cbc:CompanyID, 3, 9)) or not(cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'VAT']/substring(cbc:CompanyID, 1, 2)='NO')">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>For Norwegian suppliers, a VAT number MUST be the country code prefix NO followed by a valid Norwegian organization number (nine numbers) followed by the letters MVA.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e457', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="ubl-creditnote:CreditNote[$DKSupplierCountry = 'DK'] | ubl-invoice:Invoice[$DKSupplierCountry = 'DK']"
             mode="group.d2e204"
             priority="62">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e473' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="ubl-creditnote:CreditNote[$DKSupplierCountry = 'DK'] | ubl-invoice:Invoice[$DKSupplierCountry = 'DK']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="ubl-creditnote:CreditNote[$DKSupplierCountry = 'DK'] | ubl-invoice:Invoice[$DKSupplierCountry = 'DK']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not((normalize-space(cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID/text()) != ''))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DK-R-002"
                                      test="(normalize-space(cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID/text()) != '')">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Danish suppliers MUST provide legal entity (CVR-number)</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(not(((boolean(cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID))           and (normalize-space(cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID/@schemeID) != '0184'))       ))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DK-R-014"
                                      test="not(((boolean(cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID))           and (normalize-space(cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID/@schemeID) != '0184'))       )">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>For Danish Suppliers it is mandatory to specify schemeID as "0184" (DK CVR-number) when PartyLegalEntity/CompanyID is used for AccountingSupplierParty</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(not((boolean(/ubl-creditnote:CreditNote) and ($DKCustomerCountry = 'DK'))       and (number(cac:LegalMonetaryTotal/cbc:PayableAmount/text()) &lt; 0)       ))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DK-R-016"
                                      test="not((boolean(/ubl-creditnote:CreditNote) and ($DKCustomerCountry = 'DK'))       and (number(cac:LegalMonetaryTotal/cbc:PayableAmount/text()) &lt; 0)       )">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>For Danish Suppliers, a Credit note cannot have a negative total (PayableAmount)</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e473', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="ubl-creditnote:CreditNote[$DKSupplierCountry = 'DK' and $DKCustomerCountry = 'DK']/cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification | ubl-creditnote:CreditNote[$DKSupplierCountry = 'DK' and $DKCustomerCountry = 'DK']/cac:AccountingCustomerParty/cac:Party/cac:PartyIdentification | ubl-invoice:Invoice[$DKSupplierCountry = 'DK' and $DKCustomerCountry = 'DK']/cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification | ubl-invoice:Invoice[$DKSupplierCountry = 'DK' and $DKCustomerCountry = 'DK']/cac:AccountingCustomerParty/cac:Party/cac:PartyIdentification"
             mode="group.d2e204"
             priority="61">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e473' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="ubl-creditnote:CreditNote[$DKSupplierCountry = 'DK' and $DKCustomerCountry = 'DK']/cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification | ubl-creditnote:CreditNote[$DKSupplierCountry = 'DK' and $DKCustomerCountry = 'DK']/cac:AccountingCustomerParty/cac:Party/cac:PartyIdentification | ubl-invoice:Invoice[$DKSupplierCountry = 'DK' and $DKCustomerCountry = 'DK']/cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification | ubl-invoice:Invoice[$DKSupplierCountry = 'DK' and $DKCustomerCountry = 'DK']/cac:AccountingCustomerParty/cac:Party/cac:PartyIdentification">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="ubl-creditnote:CreditNote[$DKSupplierCountry = 'DK' and $DKCustomerCountry = 'DK']/cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification | ubl-creditnote:CreditNote[$DKSupplierCountry = 'DK' and $DKCustomerCountry = 'DK']/cac:AccountingCustomerParty/cac:Party/cac:PartyIdentification | ubl-invoice:Invoice[$DKSupplierCountry = 'DK' and $DKCustomerCountry = 'DK']/cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification | ubl-invoice:Invoice[$DKSupplierCountry = 'DK' and $DKCustomerCountry = 'DK']/cac:AccountingCustomerParty/cac:Party/cac:PartyIdentification">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(not((boolean(cbc:ID))        and (normalize-space(cbc:ID/@schemeID) = '')       ))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DK-R-013"
                                      test="not((boolean(cbc:ID))        and (normalize-space(cbc:ID/@schemeID) = '')       )">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>For Danish Suppliers it is mandatory to use schemeID when PartyIdentification/ID is used for AccountingCustomerParty or AccountingSupplierParty</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e473', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="ubl-invoice:Invoice[$DKSupplierCountry = 'DK' and $DKCustomerCountry = 'DK']/cac:PaymentMeans"
             mode="group.d2e204"
             priority="60">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e473' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="ubl-invoice:Invoice[$DKSupplierCountry = 'DK' and $DKCustomerCountry = 'DK']/cac:PaymentMeans">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="ubl-invoice:Invoice[$DKSupplierCountry = 'DK' and $DKCustomerCountry = 'DK']/cac:PaymentMeans">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(contains(' 1 10 31 42 48 49 50 58 59 93 97 ', concat(' ', cbc:PaymentMeansCode, ' ')))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DK-R-005"
                                      test="contains(' 1 10 31 42 48 49 50 58 59 93 97 ', concat(' ', cbc:PaymentMeansCode, ' '))">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>For Danish suppliers the following Payment means codes are allowed: 1, 10, 31, 42, 48, 49, 50, 58, 59, 93 and 97</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(not(((cbc:PaymentMeansCode = '31') or (cbc:PaymentMeansCode = '42'))       and not((normalize-space(cac:PayeeFinancialAccount/cbc:ID/text()) != '') and (normalize-space(cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID/text()) != ''))       ))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DK-R-006"
                                      test="not(((cbc:PaymentMeansCode = '31') or (cbc:PaymentMeansCode = '42'))       and not((normalize-space(cac:PayeeFinancialAccount/cbc:ID/text()) != '') and (normalize-space(cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID/text()) != ''))       )">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>For Danish suppliers bank account and registration account is mandatory if payment means is 31 or 42</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(not((cbc:PaymentMeansCode = '49')       and not((normalize-space(cac:PaymentMandate/cbc:ID/text()) != '')           and (normalize-space(cac:PaymentMandate/cac:PayerFinancialAccount/cbc:ID/text()) != ''))       ))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DK-R-007"
                                      test="not((cbc:PaymentMeansCode = '49')       and not((normalize-space(cac:PaymentMandate/cbc:ID/text()) != '')           and (normalize-space(cac:PaymentMandate/cac:PayerFinancialAccount/cbc:ID/text()) != ''))       )">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>For Danish suppliers PaymentMandate/ID and PayerFinancialAccount/ID are mandatory when payment means is 49</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(not((cbc:PaymentMeansCode = '50')       and not(((substring(cbc:PaymentID, 1, 3) = '01#')           or (substring(cbc:PaymentID, 1, 3) = '04#')           or (substring(cbc:PaymentID, 1, 3) = '15#'))         and matches(cac:PayeeFinancialAccount/cbc:ID, '^[0-9]{7,8}$')         )       ))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DK-R-008"
                                      test="not((cbc:PaymentMeansCode = '50')       and not(((substring(cbc:PaymentID, 1, 3) = '01#')           or (substring(cbc:PaymentID, 1, 3) = '04#')           or (substring(cbc:PaymentID, 1, 3) = '15#'))         and matches(cac:PayeeFinancialAccount/cbc:ID, '^[0-9]{{7,8}}$')         )       )">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>For Danish Suppliers PaymentID is mandatory and MUST start with 01#, 04# or 15# (kortartkode), and PayeeFinancialAccount/ID (Giro kontonummer) is mandatory and must be 7 or 8 numerical characters long, when payment means equals 50 (Giro)</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(not((cbc:PaymentMeansCode = '50')       and ((substring(cbc:PaymentID, 1, 3) = '04#')          or (substring(cbc:PaymentID, 1, 3)  = '15#'))       and not(string-length(cbc:PaymentID) = 19)       ))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DK-R-009"
                                      test="not((cbc:PaymentMeansCode = '50')       and ((substring(cbc:PaymentID, 1, 3) = '04#')          or (substring(cbc:PaymentID, 1, 3)  = '15#'))       and not(string-length(cbc:PaymentID) = 19)       )">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>For Danish Suppliers if the PaymentID is prefixed with 04# or 15# the 16 digits instruction Id must be added to the PaymentID eg. "04#1234567890123456" when Payment means equals 50 (Giro)</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(not((cbc:PaymentMeansCode = '93')       and not(((substring(cbc:PaymentID, 1, 3) = '71#')           or (substring(cbc:PaymentID, 1, 3) = '73#')           or (substring(cbc:PaymentID, 1, 3) = '75#'))         and (string-length(cac:PayeeFinancialAccount/cbc:ID/text()) = 8)         )       ))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DK-R-010"
                                      test="not((cbc:PaymentMeansCode = '93')       and not(((substring(cbc:PaymentID, 1, 3) = '71#')           or (substring(cbc:PaymentID, 1, 3) = '73#')           or (substring(cbc:PaymentID, 1, 3) = '75#'))         and (string-length(cac:PayeeFinancialAccount/cbc:ID/text()) = 8)         )       )">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>For Danish Suppliers the PaymentID is mandatory and MUST start with 71#, 73# or 75# (kortartkode) and CreditAccount/AccountID (Kreditornummer) is mandatory and MUST be exactly 8 characters long, when Payment means equals 93 (FIK)</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(not((cbc:PaymentMeansCode = '93')       and ((substring(cbc:PaymentID, 1, 3) = '71#')          or (substring(cbc:PaymentID, 1, 3)  = '75#'))       and not((string-length(cbc:PaymentID) = 18)          or (string-length(cbc:PaymentID) = 19))       ))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DK-R-011"
                                      test="not((cbc:PaymentMeansCode = '93')       and ((substring(cbc:PaymentID, 1, 3) = '71#')          or (substring(cbc:PaymentID, 1, 3)  = '75#'))       and not((string-length(cbc:PaymentID) = 18)          or (string-length(cbc:PaymentID) = 19))       )">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>For Danish Suppliers if the PaymentID is prefixed with 71# or 75# the 15-16 digits instruction Id must be added to the PaymentID eg. "71#1234567890123456" when payment Method equals 93 (FIK)</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e473', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="ubl-creditnote:CreditNote[$DKSupplierCountry = 'DK' and $DKCustomerCountry = 'DK']/cac:CreditNoteLine | ubl-invoice:Invoice[$DKSupplierCountry = 'DK' and $DKCustomerCountry = 'DK']/cac:InvoiceLine"
             mode="group.d2e204"
             priority="59">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e473' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="ubl-creditnote:CreditNote[$DKSupplierCountry = 'DK' and $DKCustomerCountry = 'DK']/cac:CreditNoteLine | ubl-invoice:Invoice[$DKSupplierCountry = 'DK' and $DKCustomerCountry = 'DK']/cac:InvoiceLine">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="ubl-creditnote:CreditNote[$DKSupplierCountry = 'DK' and $DKCustomerCountry = 'DK']/cac:CreditNoteLine | ubl-invoice:Invoice[$DKSupplierCountry = 'DK' and $DKCustomerCountry = 'DK']/cac:InvoiceLine">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(not((cac:Item/cac:CommodityClassification/cbc:ItemClassificationCode/@listID = 'TST')       and not((cac:Item/cac:CommodityClassification/cbc:ItemClassificationCode/@listVersionID = '19.05.01')           or (cac:Item/cac:CommodityClassification/cbc:ItemClassificationCode/@listVersionID = '19.0501')                                or (cac:Item/cac:CommodityClassification/cbc:ItemClassificationCode/@listVersionID = '26.08.01')                                or (cac:Item/cac:CommodityClassification/cbc:ItemClassificationCode/@listVersionID = '26.0801')           )       ))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="warning"
                                      id="DK-R-003"
                                      test="not((cac:Item/cac:CommodityClassification/cbc:ItemClassificationCode/@listID = 'TST')       and not((cac:Item/cac:CommodityClassification/cbc:ItemClassificationCode/@listVersionID = '19.05.01')           or (cac:Item/cac:CommodityClassification/cbc:ItemClassificationCode/@listVersionID = '19.0501')                                or (cac:Item/cac:CommodityClassification/cbc:ItemClassificationCode/@listVersionID = '26.08.01')                                or (cac:Item/cac:CommodityClassification/cbc:ItemClassificationCode/@listVersionID = '26.0801')           )       )">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>If ItemClassification is provided from Danish suppliers, UNSPSC version 19.05.01 or 26.08.01 should be used.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e473', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:AllowanceCharge[$DKSupplierCountry = 'DK' and $DKCustomerCountry = 'DK']"
             mode="group.d2e204"
             priority="58">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e473' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:AllowanceCharge[$DKSupplierCountry = 'DK' and $DKCustomerCountry = 'DK']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:AllowanceCharge[$DKSupplierCountry = 'DK' and $DKCustomerCountry = 'DK']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(not((cbc:AllowanceChargeReasonCode = 'ZZZ')       and not(((string-length(normalize-space(cbc:AllowanceChargeReason/text())) = 4)         and (number(cbc:AllowanceChargeReason) &gt;= 0)         and (number(cbc:AllowanceChargeReason) &lt;= 9999)) or         (((cbc:AllowanceChargeReason and contains(cbc:AllowanceChargeReason, '#')                                   and not(starts-with(cbc:AllowanceChargeReason, '#'))                                   and not(ends-with(cbc:AllowanceChargeReason, '#')))) )                                )      ))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DK-R-004"
                                      test="not((cbc:AllowanceChargeReasonCode = 'ZZZ')       and not(((string-length(normalize-space(cbc:AllowanceChargeReason/text())) = 4)         and (number(cbc:AllowanceChargeReason) &gt;= 0)         and (number(cbc:AllowanceChargeReason) &lt;= 9999)) or         (((cbc:AllowanceChargeReason and contains(cbc:AllowanceChargeReason, '#')                                   and not(starts-with(cbc:AllowanceChargeReason, '#'))                                   and not(ends-with(cbc:AllowanceChargeReason, '#')))) )                                )      )">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>When specifying non-VAT Taxes for Danish customers, Danish suppliers MUST use the AllowanceChargeReasonCode="ZZZ" and MUST be specified in AllowanceChargeReason; Either as the 4-digit Tax category or must include a #, but the # is not allowed as first and last character</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e473', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:AccountingSupplierParty/cac:Party[$supplierCountry = 'IT']/cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) != 'VAT']"
             mode="group.d2e204"
             priority="57">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e544' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:AccountingSupplierParty/cac:Party[$supplierCountry = 'IT']/cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) != 'VAT']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:AccountingSupplierParty/cac:Party[$supplierCountry = 'IT']/cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) != 'VAT']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(matches(normalize-space(cbc:CompanyID),'^[A-Z0-9]{11,16}$'))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="IT-R-001"
                                      test="matches(normalize-space(cbc:CompanyID),'^[A-Z0-9]{{11,16}}$')">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>[IT-R-001] BT-32 (Seller tax registration identifier) - For Italian suppliers BT-32 minimum length 11 and maximum length shall be 16. Per i fornitori italiani il BT-32 deve avere una lunghezza tra 11 e 16 caratteri</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e544', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:AccountingSupplierParty/cac:Party[$supplierCountry = 'IT']"
             mode="group.d2e204"
             priority="56">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e544' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:AccountingSupplierParty/cac:Party[$supplierCountry = 'IT']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:AccountingSupplierParty/cac:Party[$supplierCountry = 'IT']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(cac:PostalAddress/cbc:StreetName)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal" id="IT-R-002" test="cac:PostalAddress/cbc:StreetName">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>[IT-R-002] BT-35 (Seller address line 1) - Italian suppliers MUST provide the postal address line 1 - I fornitori italiani devono indicare l'indirizzo postale.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(cac:PostalAddress/cbc:CityName)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal" id="IT-R-003" test="cac:PostalAddress/cbc:CityName">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>[IT-R-003] BT-37 (Seller city) - Italian suppliers MUST provide the postal address city - I fornitori italiani devono indicare la città di residenza.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(cac:PostalAddress/cbc:PostalZone)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal" id="IT-R-004" test="cac:PostalAddress/cbc:PostalZone">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>"&gt;[IT-R-004] BT-38 (Seller post code) - Italian suppliers MUST provide the postal address post code - I fornitori italiani devono indicare il CAP di residenza.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e544', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="//cac:AccountingSupplierParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE' and cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/substring(cbc:CompanyID, 1, 2) = 'SE']"
             mode="group.d2e204"
             priority="55">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e568' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="//cac:AccountingSupplierParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE' and cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/substring(cbc:CompanyID, 1, 2) = 'SE']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="//cac:AccountingSupplierParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE' and cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/substring(cbc:CompanyID, 1, 2) = 'SE']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(string-length(normalize-space(cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/cbc:CompanyID)) = 14)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="SE-R-001"
                                      test="string-length(normalize-space(cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/cbc:CompanyID)) = 14">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>For Swedish suppliers, Swedish VAT-numbers must consist of 14 characters.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(string(number(substring(cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/cbc:CompanyID, 3, 12))) != 'NaN')">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="SE-R-002"
                                      test="string(number(substring(cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/cbc:CompanyID, 3, 12))) != 'NaN'">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>For Swedish suppliers, the Swedish VAT-numbers must have the trailing 12 characters in numeric form</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e568', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="//cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity[../cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE' and cbc:CompanyID]"
             mode="group.d2e204"
             priority="54">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e568' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="//cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity[../cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE' and cbc:CompanyID]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="//cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity[../cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE' and cbc:CompanyID]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(string(number(cbc:CompanyID)) != 'NaN')">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="SE-R-003"
                                      test="string(number(cbc:CompanyID)) != 'NaN'">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Swedish organisation numbers should be numeric.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(string-length(normalize-space(cbc:CompanyID)) = 10)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="SE-R-004"
                                      test="string-length(normalize-space(cbc:CompanyID)) = 10">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Swedish organisation numbers consist of 10 characters.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(u:checkSEOrgnr(normalize-space(cbc:CompanyID)))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="SE-R-013"
                                      test="u:checkSEOrgnr(normalize-space(cbc:CompanyID))">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>The last digit of a Swedish organization number must be valid according to the Luhn algorithm.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e568', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="//cac:AccountingSupplierParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE' and exists(cac:PartyLegalEntity/cbc:CompanyID)]/cac:PartyTaxScheme[normalize-space(upper-case(cac:TaxScheme/cbc:ID)) != 'VAT']/cbc:CompanyID"
             mode="group.d2e204"
             priority="53">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e568' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="//cac:AccountingSupplierParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE' and exists(cac:PartyLegalEntity/cbc:CompanyID)]/cac:PartyTaxScheme[normalize-space(upper-case(cac:TaxScheme/cbc:ID)) != 'VAT']/cbc:CompanyID">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="//cac:AccountingSupplierParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE' and exists(cac:PartyLegalEntity/cbc:CompanyID)]/cac:PartyTaxScheme[normalize-space(upper-case(cac:TaxScheme/cbc:ID)) != 'VAT']/cbc:CompanyID">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(normalize-space(upper-case(.)) = 'GODKÄND FÖR F-SKATT')">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="SE-R-005"
                                      test="normalize-space(upper-case(.)) = 'GODKÄND FÖR F-SKATT'">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>For Swedish suppliers, when using Seller tax registration identifier, 'Godkänd för F-skatt' must be stated</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e568', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="//cac:TaxCategory[//cac:AccountingSupplierParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE' and cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/substring(cbc:CompanyID, 1, 2) = 'SE'] and cbc:ID = 'S'] | //cac:ClassifiedTaxCategory[//cac:AccountingSupplierParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE' and cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/substring(cbc:CompanyID, 1, 2) = 'SE'] and cbc:ID = 'S']"
             mode="group.d2e204"
             priority="52">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e568' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="//cac:TaxCategory[//cac:AccountingSupplierParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE' and cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/substring(cbc:CompanyID, 1, 2) = 'SE'] and cbc:ID = 'S'] | //cac:ClassifiedTaxCategory[//cac:AccountingSupplierParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE' and cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/substring(cbc:CompanyID, 1, 2) = 'SE'] and cbc:ID = 'S']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="//cac:TaxCategory[//cac:AccountingSupplierParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE' and cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/substring(cbc:CompanyID, 1, 2) = 'SE'] and cbc:ID = 'S'] | //cac:ClassifiedTaxCategory[//cac:AccountingSupplierParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE' and cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/substring(cbc:CompanyID, 1, 2) = 'SE'] and cbc:ID = 'S']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(number(cbc:Percent) = 25 or number(cbc:Percent) = 12 or number(cbc:Percent) = 6)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="SE-R-006"
                                      test="number(cbc:Percent) = 25 or number(cbc:Percent) = 12 or number(cbc:Percent) = 6">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>For Swedish suppliers, only standard VAT rate of 6, 12 or 25 are used</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e568', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="//cac:PaymentMeans[//cac:AccountingSupplierParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE'] and normalize-space(cbc:PaymentMeansCode) = '30' and normalize-space(cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID) = 'SE:PLUSGIRO']/cac:PayeeFinancialAccount/cbc:ID"
             mode="group.d2e204"
             priority="51">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e568' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="//cac:PaymentMeans[//cac:AccountingSupplierParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE'] and normalize-space(cbc:PaymentMeansCode) = '30' and normalize-space(cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID) = 'SE:PLUSGIRO']/cac:PayeeFinancialAccount/cbc:ID">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="//cac:PaymentMeans[//cac:AccountingSupplierParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE'] and normalize-space(cbc:PaymentMeansCode) = '30' and normalize-space(cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID) = 'SE:PLUSGIRO']/cac:PayeeFinancialAccount/cbc:ID">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(string(number(normalize-space(.))) != 'NaN')">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="warning"
                                      id="SE-R-007"
                                      test="string(number(normalize-space(.))) != 'NaN'">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>For Swedish suppliers using Plusgiro, the Account ID must be numeric </svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(string-length(normalize-space(.)) &gt;= 2 and string-length(normalize-space(.)) &lt;= 8)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="warning"
                                      id="SE-R-010"
                                      test="string-length(normalize-space(.)) &gt;= 2 and string-length(normalize-space(.)) &lt;= 8">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>For Swedish suppliers using Plusgiro, the Account ID must have 2-8 characters</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e568', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="//cac:PaymentMeans[//cac:AccountingSupplierParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE'] and normalize-space(cbc:PaymentMeansCode) = '30' and normalize-space(cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID) = 'SE:BANKGIRO']/cac:PayeeFinancialAccount/cbc:ID"
             mode="group.d2e204"
             priority="50">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e568' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="//cac:PaymentMeans[//cac:AccountingSupplierParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE'] and normalize-space(cbc:PaymentMeansCode) = '30' and normalize-space(cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID) = 'SE:BANKGIRO']/cac:PayeeFinancialAccount/cbc:ID">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="//cac:PaymentMeans[//cac:AccountingSupplierParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE'] and normalize-space(cbc:PaymentMeansCode) = '30' and normalize-space(cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID) = 'SE:BANKGIRO']/cac:PayeeFinancialAccount/cbc:ID">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(string(number(normalize-space(.))) != 'NaN')">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="warning"
                                      id="SE-R-008"
                                      test="string(number(normalize-space(.))) != 'NaN'">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>For Swedish suppliers using Bankgiro, the Account ID must be numeric </svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(string-length(normalize-space(.)) = 7 or string-length(normalize-space(.)) = 8)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="warning"
                                      id="SE-R-009"
                                      test="string-length(normalize-space(.)) = 7 or string-length(normalize-space(.)) = 8">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>For Swedish suppliers using Bankgiro, the Account ID must have 7-8 characters</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e568', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="//cac:PaymentMeans[//cac:AccountingSupplierParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE'] and (cbc:PaymentMeansCode = normalize-space('50') or cbc:PaymentMeansCode = normalize-space('56'))]"
             mode="group.d2e204"
             priority="49">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e568' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="//cac:PaymentMeans[//cac:AccountingSupplierParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE'] and (cbc:PaymentMeansCode = normalize-space('50') or cbc:PaymentMeansCode = normalize-space('56'))]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="//cac:PaymentMeans[//cac:AccountingSupplierParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE'] and (cbc:PaymentMeansCode = normalize-space('50') or cbc:PaymentMeansCode = normalize-space('56'))]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(false())">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="warning" id="SE-R-011" test="false()">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>For Swedish suppliers using Swedish Bankgiro or Plusgiro, the proper way to indicate this is to use Code 30 for PaymentMeans and FinancialInstitutionBranch ID with code SE:BANKGIRO or SE:PLUSGIRO</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e568', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="//cac:PaymentMeans[//cac:AccountingSupplierParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE']  and //cac:AccountingCustomerParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE'] and (cbc:PaymentMeansCode = normalize-space('31'))]"
             mode="group.d2e204"
             priority="48">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e568' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="//cac:PaymentMeans[//cac:AccountingSupplierParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE']  and //cac:AccountingCustomerParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE'] and (cbc:PaymentMeansCode = normalize-space('31'))]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="//cac:PaymentMeans[//cac:AccountingSupplierParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE']  and //cac:AccountingCustomerParty/cac:Party[cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'SE'] and (cbc:PaymentMeansCode = normalize-space('31'))]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(false())">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="warning" id="SE-R-012" test="false()">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>For domestic transactions between Swedish trading partners, credit transfer should be indicated by PaymentMeansCode="30"</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e568', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="/ubl-invoice:Invoice/cbc:ID[$isGreekSender] | /ubl-creditnote:CreditNote/cbc:ID[$isGreekSender]"
             mode="group.d2e204"
             priority="47">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e652' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="/ubl-invoice:Invoice/cbc:ID[$isGreekSender] | /ubl-creditnote:CreditNote/cbc:ID[$isGreekSender]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="/ubl-invoice:Invoice/cbc:ID[$isGreekSender] | /ubl-creditnote:CreditNote/cbc:ID[$isGreekSender]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <variable name="IdSegments" select="tokenize(.,'\|')"/>
            <variable name="tokenizedIdDate" select="tokenize($IdSegments[2],'/')"/>
            <if test="not(count($IdSegments) = 6)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal" id="GR-R-001-1" test="count($IdSegments) = 6">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text> When the Supplier is Greek, the Invoice Id should consist of 6 segments</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(string-length(normalize-space($IdSegments[1])) = 9                                   and u:TinVerification($IdSegments[1])                                  and ($IdSegments[1] = /*/cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/substring(cbc:CompanyID, 3, 9)                                  or $IdSegments[1] = /*/cac:TaxRepresentativeParty/cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/substring(cbc:CompanyID, 3, 9) ))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="GR-R-001-2"
                                      test="string-length(normalize-space($IdSegments[1])) = 9                                   and u:TinVerification($IdSegments[1])                                  and ($IdSegments[1] = /*/cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/substring(cbc:CompanyID, 3, 9)                                  or $IdSegments[1] = /*/cac:TaxRepresentativeParty/cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/substring(cbc:CompanyID, 3, 9) )">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>When the Supplier is Greek, the Invoice Id first segment must be a valid TIN Number and match either the Supplier's or the Tax Representative's Tin Number</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(string-length(normalize-space($IdSegments[2]))&gt;0                                   and matches($IdSegments[2],$dateRegExp)                                  and ($tokenizedIdDate[1] = $tokenizedUblIssueDate[3]                                     and $tokenizedIdDate[2] = $tokenizedUblIssueDate[2]                                    and $tokenizedIdDate[3] = $tokenizedUblIssueDate[1]))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="GR-R-001-3"
                                      test="string-length(normalize-space($IdSegments[2]))&gt;0                                   and matches($IdSegments[2],$dateRegExp)                                  and ($tokenizedIdDate[1] = $tokenizedUblIssueDate[3]                                     and $tokenizedIdDate[2] = $tokenizedUblIssueDate[2]                                    and $tokenizedIdDate[3] = $tokenizedUblIssueDate[1])">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>When the Supplier is Greek, the Invoice Id second segment must be a valid Date that matches the invoice Issue Date</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(string-length(normalize-space($IdSegments[3]))&gt;0 and string(number($IdSegments[3])) != 'NaN' and xs:integer($IdSegments[3]) &gt;= 0)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="GR-R-001-4"
                                      test="string-length(normalize-space($IdSegments[3]))&gt;0 and string(number($IdSegments[3])) != 'NaN' and xs:integer($IdSegments[3]) &gt;= 0">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>When Supplier is Greek, the Invoice Id third segment must be a positive integer</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(string-length(normalize-space($IdSegments[4]))&gt;0 and (some $c in $greekDocumentType satisfies $IdSegments[4] = $c))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="GR-R-001-5"
                                      test="string-length(normalize-space($IdSegments[4]))&gt;0 and (some $c in $greekDocumentType satisfies $IdSegments[4] = $c)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>When Supplier is Greek, the Invoice Id in the fourth segment must be a valid greek document type</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(string-length($IdSegments[5]) &gt; 0 )">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="GR-R-001-6"
                                      test="string-length($IdSegments[5]) &gt; 0 ">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>When Supplier is Greek, the Invoice Id fifth segment must not be empty</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(string-length($IdSegments[6]) &gt; 0 )">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="GR-R-001-7"
                                      test="string-length($IdSegments[6]) &gt; 0 ">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>When Supplier is Greek, the Invoice Id sixth segment must not be empty</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e652', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:AccountingSupplierParty[$isGreekSender]/cac:Party"
             mode="group.d2e204"
             priority="46">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e652' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:AccountingSupplierParty[$isGreekSender]/cac:Party">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:AccountingSupplierParty[$isGreekSender]/cac:Party">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(string-length(./cac:PartyName/cbc:Name)&gt;0)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="GR-R-002"
                                      test="string-length(./cac:PartyName/cbc:Name)&gt;0">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Greek Suppliers must provide their full name as they are registered in the Greek Business Registry (G.E.MH.) as a legal entity or in the Tax Registry as a natural person </svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(count(cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'VAT']/cbc:CompanyID)=1 and                             substring(cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'VAT']/cbc:CompanyID,1,2) = 'EL' and                             u:TinVerification(substring(cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'VAT']/cbc:CompanyID,3)))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="warning"
                                      id="GR-S-011"
                                      test="count(cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'VAT']/cbc:CompanyID)=1 and                             substring(cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'VAT']/cbc:CompanyID,1,2) = 'EL' and                             u:TinVerification(substring(cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'VAT']/cbc:CompanyID,3))">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Greek suppliers must provide their Seller Tax Registration Number, prefixed by the country code</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e652', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:AccountingSupplierParty[$isGreekSender]/cac:Party/cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'VAT']/cbc:CompanyID"
             mode="group.d2e204"
             priority="45">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e652' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:AccountingSupplierParty[$isGreekSender]/cac:Party/cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'VAT']/cbc:CompanyID">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:AccountingSupplierParty[$isGreekSender]/cac:Party/cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'VAT']/cbc:CompanyID">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(substring(.,1,2) = 'EL' and u:TinVerification(substring(.,3)))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="GR-R-003"
                                      test="substring(.,1,2) = 'EL' and u:TinVerification(substring(.,3))">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>For the Greek Suppliers, the VAT must start with 'EL' and must be a valid TIN number</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e652', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="/ubl-invoice:Invoice[$isGreekSender and ( /*/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'GR')] | /ubl-creditnote:CreditNote[$isGreekSender and ( /*/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'GR')]"
             mode="group.d2e204"
             priority="44">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e652' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="/ubl-invoice:Invoice[$isGreekSender and ( /*/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'GR')] | /ubl-creditnote:CreditNote[$isGreekSender and ( /*/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'GR')]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="/ubl-invoice:Invoice[$isGreekSender and ( /*/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'GR')] | /ubl-creditnote:CreditNote[$isGreekSender and ( /*/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'GR')]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(count(cac:AdditionalDocumentReference[cbc:DocumentDescription = '##M.AR.K##'])=1)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="GR-R-004-1"
                                      test="count(cac:AdditionalDocumentReference[cbc:DocumentDescription = '##M.AR.K##'])=1">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text> When Supplier is Greek, there must be one MARK Number</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(count(cac:AdditionalDocumentReference[cbc:DocumentDescription = '##INVOICE|URL##'])=1)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="warning"
                                      id="GR-S-008-1"
                                      test="count(cac:AdditionalDocumentReference[cbc:DocumentDescription = '##INVOICE|URL##'])=1">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>When Supplier is Greek, there should be one invoice url</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not((count(cac:AdditionalDocumentReference[cbc:DocumentDescription = '##INVOICE|URL##']) = 0 ) or (count(cac:AdditionalDocumentReference[cbc:DocumentDescription = '##INVOICE|URL##']) = 1 ))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="GR-R-008-2"
                                      test="(count(cac:AdditionalDocumentReference[cbc:DocumentDescription = '##INVOICE|URL##']) = 0 ) or (count(cac:AdditionalDocumentReference[cbc:DocumentDescription = '##INVOICE|URL##']) = 1 )">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>When Supplier is Greek, there should be no more than one invoice url</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e652', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:AdditionalDocumentReference[$isGreekSender and ( /*/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'GR') and cbc:DocumentDescription = '##M.AR.K##']/cbc:ID"
             mode="group.d2e204"
             priority="43">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e652' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:AdditionalDocumentReference[$isGreekSender and ( /*/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'GR') and cbc:DocumentDescription = '##M.AR.K##']/cbc:ID">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:AdditionalDocumentReference[$isGreekSender and ( /*/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode = 'GR') and cbc:DocumentDescription = '##M.AR.K##']/cbc:ID">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(matches(.,'^[1-9]([0-9]*)'))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal" id="GR-R-004-2" test="matches(.,'^[1-9]([0-9]*)')">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>When Supplier is Greek, the MARK Number must be a positive integer</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e652', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:AdditionalDocumentReference[$isGreekSender and cbc:DocumentDescription = '##INVOICE|URL##']"
             mode="group.d2e204"
             priority="42">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e652' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:AdditionalDocumentReference[$isGreekSender and cbc:DocumentDescription = '##INVOICE|URL##']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:AdditionalDocumentReference[$isGreekSender and cbc:DocumentDescription = '##INVOICE|URL##']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(string-length(normalize-space(cac:Attachment/cac:ExternalReference/cbc:URI))&gt;0)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="GR-R-008-3"
                                      test="string-length(normalize-space(cac:Attachment/cac:ExternalReference/cbc:URI))&gt;0">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>When Supplier is Greek and the INVOICE URL Document reference exists, the External Reference URI should be present</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e652', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:AccountingCustomerParty[$isGreekSender]/cac:Party"
             mode="group.d2e204"
             priority="41">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e652' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:AccountingCustomerParty[$isGreekSender]/cac:Party">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:AccountingCustomerParty[$isGreekSender]/cac:Party">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(string-length(./cac:PartyName/cbc:Name)&gt;0)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="GR-R-005"
                                      test="string-length(./cac:PartyName/cbc:Name)&gt;0">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Greek Suppliers must provide the full name of the buyer</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e652', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:AccountingSupplierParty/cac:Party[$accountingSupplierCountry='GR' or $accountingSupplierCountry='EL']/cbc:EndpointID"
             mode="group.d2e204"
             priority="40">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e652' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:AccountingSupplierParty/cac:Party[$accountingSupplierCountry='GR' or $accountingSupplierCountry='EL']/cbc:EndpointID">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:AccountingSupplierParty/cac:Party[$accountingSupplierCountry='GR' or $accountingSupplierCountry='EL']/cbc:EndpointID">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(./@schemeID='9933' and u:TinVerification(.))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="GR-R-009"
                                      test="./@schemeID='9933' and u:TinVerification(.)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Greek suppliers that send an invoice through the PEPPOL network must use a correct TIN number as an electronic address according to PEPPOL Electronic Address Identifier scheme (schemeID 9933).</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e652', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:AccountingCustomerParty[$isGreekSenderandReceiver]/cac:Party"
             mode="group.d2e204"
             priority="39">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e766' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:AccountingCustomerParty[$isGreekSenderandReceiver]/cac:Party">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:AccountingCustomerParty[$isGreekSenderandReceiver]/cac:Party">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(count(cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'VAT']/cbc:CompanyID)=1 and                             substring(cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'VAT']/cbc:CompanyID,1,2) = 'EL' and                             u:TinVerification(substring(cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'VAT']/cbc:CompanyID,3)))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="GR-R-006"
                                      test="count(cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'VAT']/cbc:CompanyID)=1 and                             substring(cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'VAT']/cbc:CompanyID,1,2) = 'EL' and                             u:TinVerification(substring(cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'VAT']/cbc:CompanyID,3))">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Greek Suppliers must provide the VAT number of the buyer, if the buyer is Greek </svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e766', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:AccountingCustomerParty[$isGreekSenderandReceiver]/cac:Party/cbc:EndpointID"
             mode="group.d2e204"
             priority="38">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e766' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:AccountingCustomerParty[$isGreekSenderandReceiver]/cac:Party/cbc:EndpointID">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:AccountingCustomerParty[$isGreekSenderandReceiver]/cac:Party/cbc:EndpointID">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(./@schemeID='9933' and u:TinVerification(.))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="GR-R-010"
                                      test="./@schemeID='9933' and u:TinVerification(.)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Greek Suppliers that send an invoice through the PEPPOL network to a greek buyer must use a correct TIN number as an electronic address according to PEPPOL Electronic Address Identifier scheme (SchemeID 9933)</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e766', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="ubl-creditnote:CreditNote[$SupplierCountry = 'IS'] | ubl-invoice:Invoice[$SupplierCountry = 'IS']"
             mode="group.d2e204"
             priority="37">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e788' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="ubl-creditnote:CreditNote[$SupplierCountry = 'IS'] | ubl-invoice:Invoice[$SupplierCountry = 'IS']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="ubl-creditnote:CreditNote[$SupplierCountry = 'IS'] | ubl-invoice:Invoice[$SupplierCountry = 'IS']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(( ( not(contains(normalize-space(cbc:InvoiceTypeCode),' ')) and contains( ' 380 381 ',concat(' ',normalize-space(cbc:InvoiceTypeCode),' ') ) ) ) or ( ( not(contains(normalize-space(cbc:CreditNoteTypeCode),' ')) and contains( ' 380 381 ',concat(' ',normalize-space(cbc:CreditNoteTypeCode),' ') ) ) ))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="warning"
                                      id="IS-R-001"
                                      test="( ( not(contains(normalize-space(cbc:InvoiceTypeCode),' ')) and contains( ' 380 381 ',concat(' ',normalize-space(cbc:InvoiceTypeCode),' ') ) ) ) or ( ( not(contains(normalize-space(cbc:CreditNoteTypeCode),' ')) and contains( ' 380 381 ',concat(' ',normalize-space(cbc:CreditNoteTypeCode),' ') ) ) )">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>[IS-R-001]-If seller is icelandic then invoice type should be 380 or 381 — Ef seljandi er íslenskur þá ætti gerð reiknings (BT-3) að vera sölureikningur (380) eða kreditreikningur (381).</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(exists(cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID) and cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID/@schemeID = '0196')">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="IS-R-002"
                                      test="exists(cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID) and cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID/@schemeID = '0196'">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>[IS-R-002]-If seller is icelandic then it shall contain sellers legal id — Ef seljandi er íslenskur þá skal reikningur innihalda íslenska kennitölu seljanda (BT-30).</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(exists(cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cbc:StreetName) and exists(cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cbc:PostalZone))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="IS-R-003"
                                      test="exists(cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cbc:StreetName) and exists(cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cbc:PostalZone)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>[IS-R-003]-If seller is icelandic then it shall contain his address with street name and zip code — Ef seljandi er íslenskur þá skal heimilisfang seljanda innihalda götuheiti og póstnúmer (BT-35 og BT-38).</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(exists(cac:PaymentMeans[cbc:PaymentMeansCode = '9']/cac:PayeeFinancialAccount/cbc:ID)         and string-length(normalize-space(cac:PaymentMeans[cbc:PaymentMeansCode = '9']/cac:PayeeFinancialAccount/cbc:ID)) = 12        or not(exists(cac:PaymentMeans[cbc:PaymentMeansCode = '9'])))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="IS-R-006"
                                      test="exists(cac:PaymentMeans[cbc:PaymentMeansCode = '9']/cac:PayeeFinancialAccount/cbc:ID)         and string-length(normalize-space(cac:PaymentMeans[cbc:PaymentMeansCode = '9']/cac:PayeeFinancialAccount/cbc:ID)) = 12        or not(exists(cac:PaymentMeans[cbc:PaymentMeansCode = '9']))">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>[IS-R-006]-If seller is icelandic and payment means code is 9 then a 12 digit account id must exist — Ef seljandi er íslenskur og greiðslumáti (BT-81) er krafa (kóti 9) þá skal koma fram 12 stafa númer (bankanúmer, höfuðbók 66 og reikningsnúmer) (BT-84)</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(exists(cac:PaymentMeans[cbc:PaymentMeansCode = '42']/cac:PayeeFinancialAccount/cbc:ID)         and string-length(normalize-space(cac:PaymentMeans[cbc:PaymentMeansCode = '42']/cac:PayeeFinancialAccount/cbc:ID)) = 12        or not(exists(cac:PaymentMeans[cbc:PaymentMeansCode = '42'])))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="IS-R-007"
                                      test="exists(cac:PaymentMeans[cbc:PaymentMeansCode = '42']/cac:PayeeFinancialAccount/cbc:ID)         and string-length(normalize-space(cac:PaymentMeans[cbc:PaymentMeansCode = '42']/cac:PayeeFinancialAccount/cbc:ID)) = 12        or not(exists(cac:PaymentMeans[cbc:PaymentMeansCode = '42']))">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>[IS-R-007]-If seller is icelandic and payment means code is 42 then a 12 digit account id must exist — Ef seljandi er íslenskur og greiðslumáti (BT-81) er millifærsla (kóti 42) þá skal koma fram 12 stafa reikningnúmer (BT-84)</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not((exists(cac:AdditionalDocumentReference[cbc:DocumentDescription = 'EINDAGI']) and string-length(cac:AdditionalDocumentReference[cbc:DocumentDescription = 'EINDAGI']/cbc:ID) = 10 and (string(cac:AdditionalDocumentReference[cbc:DocumentDescription = 'EINDAGI']/cbc:ID) castable as xs:date)) or not(exists(cac:AdditionalDocumentReference[cbc:DocumentDescription = 'EINDAGI'])))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="IS-R-008"
                                      test="(exists(cac:AdditionalDocumentReference[cbc:DocumentDescription = 'EINDAGI']) and string-length(cac:AdditionalDocumentReference[cbc:DocumentDescription = 'EINDAGI']/cbc:ID) = 10 and (string(cac:AdditionalDocumentReference[cbc:DocumentDescription = 'EINDAGI']/cbc:ID) castable as xs:date)) or not(exists(cac:AdditionalDocumentReference[cbc:DocumentDescription = 'EINDAGI']))">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>[IS-R-008]-If seller is icelandic and invoice contains supporting description EINDAGI then the id form must be YYYY-MM-DD — Ef seljandi er íslenskur þá skal eindagi (BT-122, DocumentDescription = EINDAGI) vera á forminu YYYY-MM-DD.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not((exists(cac:AdditionalDocumentReference[cbc:DocumentDescription = 'EINDAGI']) and exists(cbc:DueDate)) or not(exists(cac:AdditionalDocumentReference[cbc:DocumentDescription = 'EINDAGI'])))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="IS-R-009"
                                      test="(exists(cac:AdditionalDocumentReference[cbc:DocumentDescription = 'EINDAGI']) and exists(cbc:DueDate)) or not(exists(cac:AdditionalDocumentReference[cbc:DocumentDescription = 'EINDAGI']))">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>[IS-R-009]-If seller is icelandic and invoice contains supporting description EINDAGI invoice must have due date — Ef seljandi er íslenskur þá skal reikningur sem inniheldur eindaga (BT-122, DocumentDescription = EINDAGI) einnig hafa gjalddaga (BT-9).</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not((exists(cac:AdditionalDocumentReference[cbc:DocumentDescription = 'EINDAGI']) and (cbc:DueDate) &lt;= (cac:AdditionalDocumentReference[cbc:DocumentDescription = 'EINDAGI']/cbc:ID)) or not(exists(cac:AdditionalDocumentReference[cbc:DocumentDescription = 'EINDAGI'])))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="IS-R-010"
                                      test="(exists(cac:AdditionalDocumentReference[cbc:DocumentDescription = 'EINDAGI']) and (cbc:DueDate) &lt;= (cac:AdditionalDocumentReference[cbc:DocumentDescription = 'EINDAGI']/cbc:ID)) or not(exists(cac:AdditionalDocumentReference[cbc:DocumentDescription = 'EINDAGI']))">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>[IS-R-010]-If seller is icelandic and invoice contains supporting description EINDAGI the id date must be same or later than due date — Ef seljandi er íslenskur þá skal eindagi (BT-122, DocumentDescription = EINDAGI) skal vera sami eða síðar en gjalddagi (BT-9) ef eindagi er til staðar.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e788', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="ubl-creditnote:CreditNote[$SupplierCountry = 'IS' and $CustomerCountry = 'IS']/cac:AccountingCustomerParty | ubl-invoice:Invoice[$SupplierCountry = 'IS' and $CustomerCountry = 'IS']/cac:AccountingCustomerParty"
             mode="group.d2e204"
             priority="36">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e788' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="ubl-creditnote:CreditNote[$SupplierCountry = 'IS' and $CustomerCountry = 'IS']/cac:AccountingCustomerParty | ubl-invoice:Invoice[$SupplierCountry = 'IS' and $CustomerCountry = 'IS']/cac:AccountingCustomerParty">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="ubl-creditnote:CreditNote[$SupplierCountry = 'IS' and $CustomerCountry = 'IS']/cac:AccountingCustomerParty | ubl-invoice:Invoice[$SupplierCountry = 'IS' and $CustomerCountry = 'IS']/cac:AccountingCustomerParty">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(exists(cac:Party/cac:PartyLegalEntity/cbc:CompanyID) and cac:Party/cac:PartyLegalEntity/cbc:CompanyID/@schemeID = '0196')">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="IS-R-004"
                                      test="exists(cac:Party/cac:PartyLegalEntity/cbc:CompanyID) and cac:Party/cac:PartyLegalEntity/cbc:CompanyID/@schemeID = '0196'">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>[IS-R-004]-If seller and buyer are icelandic then the invoice shall contain the buyers icelandic legal identifier — Ef seljandi og kaupandi eru íslenskir þá skal reikningurinn innihalda íslenska kennitölu kaupanda (BT-47).</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(exists(cac:Party/cac:PostalAddress/cbc:StreetName) and exists(cac:Party/cac:PostalAddress/cbc:PostalZone))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="IS-R-005"
                                      test="exists(cac:Party/cac:PostalAddress/cbc:StreetName) and exists(cac:Party/cac:PostalAddress/cbc:PostalZone)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>[IS-R-005]-If seller and buyer are icelandic then the invoice shall contain the buyers address with street name and zip code — Ef seljandi og kaupandi eru íslenskir þá skal heimilisfang kaupanda innihalda götuheiti og póstnúmer (BT-50 og BT-53)</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e788', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cbc:CreditNoteTypeCode[$supplierCountryIsNL]"
             mode="group.d2e204"
             priority="35">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e834' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cbc:CreditNoteTypeCode[$supplierCountryIsNL]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cbc:CreditNoteTypeCode[$supplierCountryIsNL]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(/*/cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="NL-R-001"
                                      test="/*/cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>[NL-R-001] For suppliers in the Netherlands, if the document is a creditnote, the document MUST contain an invoice reference (cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID)</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e834', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:AccountingSupplierParty/cac:Party/cac:PostalAddress[$supplierCountryIsNL]"
             mode="group.d2e204"
             priority="34">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e834' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:AccountingSupplierParty/cac:Party/cac:PostalAddress[$supplierCountryIsNL]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:AccountingSupplierParty/cac:Party/cac:PostalAddress[$supplierCountryIsNL]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(cbc:StreetName and cbc:CityName and cbc:PostalZone)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="NL-R-002"
                                      test="cbc:StreetName and cbc:CityName and cbc:PostalZone">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>[NL-R-002] For suppliers in the Netherlands the supplier's address (cac:AccountingSupplierParty/cac:Party/cac:PostalAddress) MUST contain street name (cbc:StreetName), city (cbc:CityName) and post code (cbc:PostalZone)</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e834', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID[$supplierCountryIsNL]"
             mode="group.d2e204"
             priority="33">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e834' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID[$supplierCountryIsNL]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID[$supplierCountryIsNL]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not((contains(concat(' ', string-join(@schemeID, ' '), ' '), ' 0106 ') or contains(concat(' ', string-join(@schemeID, ' '), ' '), ' 0190 ')) and (normalize-space(.) != ''))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="NL-R-003"
                                      test="(contains(concat(' ', string-join(@schemeID, ' '), ' '), ' 0106 ') or contains(concat(' ', string-join(@schemeID, ' '), ' '), ' 0190 ')) and (normalize-space(.) != '')">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>[NL-R-003] For suppliers in the Netherlands, the legal entity identifier MUST be either a KVK or OIN number (schemeID 0106 or 0190)</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e834', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:AccountingCustomerParty/cac:Party/cac:PostalAddress[$supplierCountryIsNL and $customerCountryIsNL]"
             mode="group.d2e204"
             priority="32">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e834' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:AccountingCustomerParty/cac:Party/cac:PostalAddress[$supplierCountryIsNL and $customerCountryIsNL]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:AccountingCustomerParty/cac:Party/cac:PostalAddress[$supplierCountryIsNL and $customerCountryIsNL]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(cbc:StreetName and cbc:CityName and cbc:PostalZone)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="NL-R-004"
                                      test="cbc:StreetName and cbc:CityName and cbc:PostalZone">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>[NL-R-004] For suppliers in the Netherlands, if the customer is in the Netherlands, the customer address (cac:AccountingCustomerParty/cac:Party/cac:PostalAddress) MUST contain the street name (cbc:StreetName), the city (cbc:CityName) and post code (cbc:PostalZone)</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e834', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID[$supplierCountryIsNL and $customerCountryIsNL]"
             mode="group.d2e204"
             priority="31">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e834' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID[$supplierCountryIsNL and $customerCountryIsNL]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID[$supplierCountryIsNL and $customerCountryIsNL]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not((contains(concat(' ', string-join(@schemeID, ' '), ' '), ' 0106 ') or contains(concat(' ', string-join(@schemeID, ' '), ' '), ' 0190 ')) and (normalize-space(.) != ''))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="NL-R-005"
                                      test="(contains(concat(' ', string-join(@schemeID, ' '), ' '), ' 0106 ') or contains(concat(' ', string-join(@schemeID, ' '), ' '), ' 0190 ')) and (normalize-space(.) != '')">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>[NL-R-005] For suppliers in the Netherlands, if the customer is in the Netherlands, the customer's legal entity identifier MUST be either a KVK or OIN number (schemeID 0106 or 0190)</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e834', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:TaxRepresentativeParty/cac:PostalAddress[$supplierCountryIsNL and $taxRepresentativeCountryIsNL]"
             mode="group.d2e204"
             priority="30">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e834' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:TaxRepresentativeParty/cac:PostalAddress[$supplierCountryIsNL and $taxRepresentativeCountryIsNL]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:TaxRepresentativeParty/cac:PostalAddress[$supplierCountryIsNL and $taxRepresentativeCountryIsNL]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(cbc:StreetName and cbc:CityName and cbc:PostalZone)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="NL-R-006"
                                      test="cbc:StreetName and cbc:CityName and cbc:PostalZone">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>[NL-R-006] For suppliers in the Netherlands, if the fiscal representative is in the Netherlands, the representative's address (cac:TaxRepresentativeParty/cac:PostalAddress) MUST contain street name (cbc:StreetName), city (cbc:CityName) and post code (cbc:PostalZone)</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e834', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:LegalMonetaryTotal[$supplierCountryIsNL]"
             mode="group.d2e204"
             priority="29">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e834' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:LegalMonetaryTotal[$supplierCountryIsNL]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:LegalMonetaryTotal[$supplierCountryIsNL]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not((/ubl-invoice:Invoice and xs:decimal(cbc:PayableAmount) &lt;= 0.0) or (/ubl-creditnote:CreditNote and xs:decimal(cbc:PayableAmount) &gt;= 0.0) or (//cac:PaymentMeans))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="NL-R-007"
                                      test="(/ubl-invoice:Invoice and xs:decimal(cbc:PayableAmount) &lt;= 0.0) or (/ubl-creditnote:CreditNote and xs:decimal(cbc:PayableAmount) &gt;= 0.0) or (//cac:PaymentMeans)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>[NL-R-007] For suppliers in the Netherlands, the supplier MUST provide a means of payment (cac:PaymentMeans) if the payment is from customer to supplier</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e834', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:PaymentMeans[$supplierCountryIsNL and $customerCountryIsNL]"
             mode="group.d2e204"
             priority="28">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e834' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:PaymentMeans[$supplierCountryIsNL and $customerCountryIsNL]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:PaymentMeans[$supplierCountryIsNL and $customerCountryIsNL]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(normalize-space(cbc:PaymentMeansCode) = '30' or         normalize-space(cbc:PaymentMeansCode) = '48' or         normalize-space(cbc:PaymentMeansCode) = '49' or         normalize-space(cbc:PaymentMeansCode) = '57' or         normalize-space(cbc:PaymentMeansCode) = '58' or         normalize-space(cbc:PaymentMeansCode) = '59')">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="NL-R-008"
                                      test="normalize-space(cbc:PaymentMeansCode) = '30' or         normalize-space(cbc:PaymentMeansCode) = '48' or         normalize-space(cbc:PaymentMeansCode) = '49' or         normalize-space(cbc:PaymentMeansCode) = '57' or         normalize-space(cbc:PaymentMeansCode) = '58' or         normalize-space(cbc:PaymentMeansCode) = '59'">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>[NL-R-008] For suppliers in the Netherlands, if the customer is in the Netherlands, the payment means code (cac:PaymentMeans/cbc:PaymentMeansCode) MUST be one of 30, 48, 49, 57, 58 or 59</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e834', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:OrderLineReference/cbc:LineID[$supplierCountryIsNL]"
             mode="group.d2e204"
             priority="27">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e834' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:OrderLineReference/cbc:LineID[$supplierCountryIsNL]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:OrderLineReference/cbc:LineID[$supplierCountryIsNL]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(exists(/*/cac:OrderReference/cbc:ID))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="NL-R-009"
                                      test="exists(/*/cac:OrderReference/cbc:ID)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>[NL-R-009] For suppliers in the Netherlands, if an order line reference (cac:OrderLineReference/cbc:LineID) is used, there must be an order reference on the document level (cac:OrderReference/cbc:ID)</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e834', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="(/ubl-invoice:Invoice | /ubl-creditnote:CreditNote)[$supplierCountryIsDE and $customerCountryIsDE]"
             mode="group.d2e204"
             priority="26">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e919' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="(/ubl-invoice:Invoice | /ubl-creditnote:CreditNote)[$supplierCountryIsDE and $customerCountryIsDE]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="(/ubl-invoice:Invoice | /ubl-creditnote:CreditNote)[$supplierCountryIsDE and $customerCountryIsDE]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <variable name="supportedVATCodes"
                      select="('S', 'Z', 'E', 'AE', 'K', 'G', 'L', 'M')"/>
            <variable name="BT-31orBT-32Path"
                      select="cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID[boolean(normalize-space(.))]"/>
            <variable name="BT-95-UBL-Inv"
                      select="cac:AllowanceCharge/cac:TaxCategory/cbc:ID[ancestor::cac:AllowanceCharge/cbc:ChargeIndicator = 'false' and         following-sibling::cac:TaxScheme/cbc:ID = 'VAT']"/>
            <variable name="BT-95-UBL-CN"
                      select="cac:AllowanceCharge/cac:TaxCategory/cbc:ID[ancestor::cac:AllowanceCharge/cbc:ChargeIndicator = 'false']"/>
            <variable name="BT-102"
                      select="cac:AllowanceCharge/cac:TaxCategory/cbc:ID[ancestor::cac:AllowanceCharge/cbc:ChargeIndicator = 'true']"/>
            <variable name="BT-151"
                      select="(cac:InvoiceLine | cac:CreditNoteLine)/cac:Item/cac:ClassifiedTaxCategory/cbc:ID"/>
            <variable name="supportedInvAndCNTypeCodes"
                      select="('326', '380', '384', '389', '381', '875', '876', '877')"/>
            <if test="not(cac:PaymentMeans)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal" id="DE-R-001" test="cac:PaymentMeans">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>An invoice shall contain information on "PAYMENT INSTRUCTIONS" (BG-16).</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(cbc:BuyerReference[boolean(normalize-space(.))])">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DE-R-015"
                                      test="cbc:BuyerReference[boolean(normalize-space(.))]">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>The element "Buyer reference" (BT-10) shall be provided.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(         (not(           ($BT-95-UBL-Inv = $supportedVATCodes or $BT-95-UBL-CN = $supportedVATCodes) or           ($BT-102 = $supportedVATCodes) or           ($BT-151 = $supportedVATCodes)         ) or         (cac:TaxRepresentativeParty, $BT-31orBT-32Path))         )">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DE-R-016"
                                      test="         (not(           ($BT-95-UBL-Inv = $supportedVATCodes or $BT-95-UBL-CN = $supportedVATCodes) or           ($BT-102 = $supportedVATCodes) or           ($BT-151 = $supportedVATCodes)         ) or         (cac:TaxRepresentativeParty, $BT-31orBT-32Path))         ">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>If one of the VAT codes S, Z, E, AE, K, G, L, or M is used, an invoice shall contain at least one of the following elements: "Seller VAT identifier" (BT-31) or "Seller tax registration identifier" (BT-32) or "SELLER TAX REPRESENTATIVE PARTY" (BG-11).</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(cbc:InvoiceTypeCode = $supportedInvAndCNTypeCodes         or cbc:CreditNoteTypeCode = $supportedInvAndCNTypeCodes)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="warning"
                                      id="DE-R-017"
                                      test="cbc:InvoiceTypeCode = $supportedInvAndCNTypeCodes         or cbc:CreditNoteTypeCode = $supportedInvAndCNTypeCodes">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>The element "Invoice type code" (BT-3) should only contain the following values from code list UNTDID 1001: 326 (Partial invoice), 380 (Commercial invoice), 384 (Corrected invoice), 389 (Self-billed invoice), 381 (Credit note), 875 (Partial construction invoice), 876 (Partial final construction invoice), 877 (Final construction invoice).</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(every $line in             cac:PaymentTerms/cbc:Note[1]/tokenize(. , '(\r?\n)')[starts-with( normalize-space(.) , '#')]              satisfies matches ( normalize-space ($line), $XR-SKONTO-REGEX)                                  and                                 matches( cac:PaymentTerms/cbc:Note[1]/tokenize(. ,  '#.+#')[last()], '^\s*\n' ))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DE-R-018"
                                      test="every $line in             cac:PaymentTerms/cbc:Note[1]/tokenize(. , '(\r?\n)')[starts-with( normalize-space(.) , '#')]              satisfies matches ( normalize-space ($line), $XR-SKONTO-REGEX)                                  and                                 matches( cac:PaymentTerms/cbc:Note[1]/tokenize(. ,  '#.+#')[last()], '^\s*\n' )">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Information on cash discounts for prompt payment (Skonto) shall be provided within the element "Payment terms" BT-20 in the following way: First segment "SKONTO", second segment amount of days ("TAGE=N"), third segment percentage ("PROZENT=N"). Percentage must be separated by dot with two decimal places. In case the base value of the invoiced amount is not provided in BT-115 but as a partial amount, the base value shall be provided as fourth segment "BASISBETRAG=N" as semantic data type amount. Each entry shall start with a #, the segments must be separated by # and a row shall end with a #. A complete statement on cash discount for prompt payment shall end with a XML-conformant line break. All statements on cash discount for prompt payment shall be given in capital letters. Additional whitespaces (blanks, tabulators or line breaks) are not allowed. Other characters or texts than defined above are not allowed.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(count(cac:AdditionalDocumentReference) =                      count(cac:AdditionalDocumentReference[not(./cac:Attachment/cbc:EmbeddedDocumentBinaryObject/@filename = preceding-sibling::cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject/@filename)]))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DE-R-022"
                                      test="count(cac:AdditionalDocumentReference) =                      count(cac:AdditionalDocumentReference[not(./cac:Attachment/cbc:EmbeddedDocumentBinaryObject/@filename = preceding-sibling::cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject/@filename)])">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Attached documents provided with an invoice in "ADDITIONAL SUPPORTING DOCUMENTS" (BG-24) shall have a unique filename (non case-sensitive) within the element ″Attached document″ (BT-125).</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(((not(cbc:InvoiceTypeCode = 384 or cbc:CreditNoteTypeCode = 384) or                     (cac:BillingReference/cac:InvoiceDocumentReference))))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="warning"
                                      id="DE-R-026"
                                      test="((not(cbc:InvoiceTypeCode = 384 or cbc:CreditNoteTypeCode = 384) or                     (cac:BillingReference/cac:InvoiceDocumentReference)))">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>If "Invoice type code" (BT-3) contains the code 384 (Corrected invoice), "PRECEDING INVOICE REFERENCE" (BG-3) should be provided at least once.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(not(cac:PaymentMeans/cac:PaymentMandate)                        or (cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID[@schemeID='SEPA']                          | cac:PayeeParty/cac:PartyIdentification/cbc:ID[@schemeID='SEPA']))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DE-R-030"
                                      test="not(cac:PaymentMeans/cac:PaymentMandate)                        or (cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID[@schemeID='SEPA']                          | cac:PayeeParty/cac:PartyIdentification/cbc:ID[@schemeID='SEPA'])">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>If the group "DIRECT DEBIT" (BG-19) is delivered, the element "Bank assigned creditor identifier" (BT-90) shall be provided.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(not(cac:PaymentMeans/cac:PaymentMandate) or (cac:PaymentMeans/cac:PaymentMandate/cac:PayerFinancialAccount/cbc:ID))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DE-R-031"
                                      test="not(cac:PaymentMeans/cac:PaymentMandate) or (cac:PaymentMeans/cac:PaymentMandate/cac:PayerFinancialAccount/cbc:ID)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>If the group "DIRECT DEBIT" (BG-19) is delivered, the element "Debited account identifier" (BT-91) shall be provided.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e919', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="(/ubl-invoice:Invoice/cac:AccountingSupplierParty | /ubl-creditnote:CreditNote/cac:AccountingSupplierParty)[$supplierCountryIsDE and $customerCountryIsDE]"
             mode="group.d2e204"
             priority="25">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e919' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="(/ubl-invoice:Invoice/cac:AccountingSupplierParty | /ubl-creditnote:CreditNote/cac:AccountingSupplierParty)[$supplierCountryIsDE and $customerCountryIsDE]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="(/ubl-invoice:Invoice/cac:AccountingSupplierParty | /ubl-creditnote:CreditNote/cac:AccountingSupplierParty)[$supplierCountryIsDE and $customerCountryIsDE]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(cac:Party/cac:Contact)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal" id="DE-R-002" test="cac:Party/cac:Contact">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>The group "SELLER CONTACT" (BG-6) shall be provided.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e919', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="(/ubl-invoice:Invoice/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress | /ubl-creditnote:CreditNote/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress)[$supplierCountryIsDE and $customerCountryIsDE]"
             mode="group.d2e204"
             priority="24">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e919' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="(/ubl-invoice:Invoice/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress | /ubl-creditnote:CreditNote/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress)[$supplierCountryIsDE and $customerCountryIsDE]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="(/ubl-invoice:Invoice/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress | /ubl-creditnote:CreditNote/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress)[$supplierCountryIsDE and $customerCountryIsDE]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(cbc:CityName[boolean(normalize-space(.))])">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DE-R-003"
                                      test="cbc:CityName[boolean(normalize-space(.))]">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>The element "Seller city" (BT-37) shall be provided.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(cbc:PostalZone[boolean(normalize-space(.))])">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DE-R-004"
                                      test="cbc:PostalZone[boolean(normalize-space(.))]">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>The element "Seller post code" (BT-38) shall be provided.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e919', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="(/ubl-invoice:Invoice/cac:AccountingSupplierParty/cac:Party/cac:Contact | /ubl-creditnote:CreditNote/cac:AccountingSupplierParty/cac:Party/cac:Contact)[$supplierCountryIsDE and $customerCountryIsDE]"
             mode="group.d2e204"
             priority="23">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e919' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="(/ubl-invoice:Invoice/cac:AccountingSupplierParty/cac:Party/cac:Contact | /ubl-creditnote:CreditNote/cac:AccountingSupplierParty/cac:Party/cac:Contact)[$supplierCountryIsDE and $customerCountryIsDE]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="(/ubl-invoice:Invoice/cac:AccountingSupplierParty/cac:Party/cac:Contact | /ubl-creditnote:CreditNote/cac:AccountingSupplierParty/cac:Party/cac:Contact)[$supplierCountryIsDE and $customerCountryIsDE]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(cbc:Name[boolean(normalize-space(.))])">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DE-R-005"
                                      test="cbc:Name[boolean(normalize-space(.))]">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>The element "Seller contact point" (BT-41) shall be provided.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(cbc:Telephone[boolean(normalize-space(.))])">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DE-R-006"
                                      test="cbc:Telephone[boolean(normalize-space(.))]">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>The element "Seller contact telephone number" (BT-42) shall be provided.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(cbc:ElectronicMail[boolean(normalize-space(.))])">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DE-R-007"
                                      test="cbc:ElectronicMail[boolean(normalize-space(.))]">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>The element "Seller contact email address" (BT-43) shall be provided.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(matches(normalize-space(cbc:Telephone), $XR-TELEPHONE-REGEX))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="warning"
                                      id="DE-R-027"
                                      test="matches(normalize-space(cbc:Telephone), $XR-TELEPHONE-REGEX)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>"Seller contact telephone number" (BT-42) should contain a valid telephone number. A valid telephone should consist of 3 digits minimum.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(matches(normalize-space(cbc:ElectronicMail), $XR-EMAIL-REGEX))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="warning"
                                      id="DE-R-028"
                                      test="matches(normalize-space(cbc:ElectronicMail), $XR-EMAIL-REGEX)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>"Seller contact email address" (BT-43) should contain exactly one @-sign, which should not be framed by a whitespace or a dot but by at least two characters on each side. A dot should not be the first or last character.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e919', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="(/ubl-invoice:Invoice/cac:AccountingCustomerParty/cac:Party/cac:PostalAddress | /ubl-creditnote:CreditNote/cac:AccountingCustomerParty/cac:Party/cac:PostalAddress)[$supplierCountryIsDE and $customerCountryIsDE]"
             mode="group.d2e204"
             priority="22">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e919' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="(/ubl-invoice:Invoice/cac:AccountingCustomerParty/cac:Party/cac:PostalAddress | /ubl-creditnote:CreditNote/cac:AccountingCustomerParty/cac:Party/cac:PostalAddress)[$supplierCountryIsDE and $customerCountryIsDE]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="(/ubl-invoice:Invoice/cac:AccountingCustomerParty/cac:Party/cac:PostalAddress | /ubl-creditnote:CreditNote/cac:AccountingCustomerParty/cac:Party/cac:PostalAddress)[$supplierCountryIsDE and $customerCountryIsDE]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(cbc:CityName[boolean(normalize-space(.))])">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DE-R-008"
                                      test="cbc:CityName[boolean(normalize-space(.))]">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>The element "Buyer city" (BT-52) shall be provided.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(cbc:PostalZone[boolean(normalize-space(.))])">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DE-R-009"
                                      test="cbc:PostalZone[boolean(normalize-space(.))]">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>The element "Buyer post code" (BT-53) shall be provided.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e919', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="(/ubl-invoice:Invoice/cac:Delivery/cac:DeliveryLocation/cac:Address | /ubl-creditnote:CreditNote/cac:Delivery/cac:DeliveryLocation/cac:Address)[$supplierCountryIsDE and $customerCountryIsDE]"
             mode="group.d2e204"
             priority="21">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e919' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="(/ubl-invoice:Invoice/cac:Delivery/cac:DeliveryLocation/cac:Address | /ubl-creditnote:CreditNote/cac:Delivery/cac:DeliveryLocation/cac:Address)[$supplierCountryIsDE and $customerCountryIsDE]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="(/ubl-invoice:Invoice/cac:Delivery/cac:DeliveryLocation/cac:Address | /ubl-creditnote:CreditNote/cac:Delivery/cac:DeliveryLocation/cac:Address)[$supplierCountryIsDE and $customerCountryIsDE]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(cbc:CityName[boolean(normalize-space(.))])">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DE-R-010"
                                      test="cbc:CityName[boolean(normalize-space(.))]">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>The element "Deliver to city" (BT-77) shall be provided if the group "DELIVER TO ADDRESS" (BG-15) is delivered.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(cbc:PostalZone[boolean(normalize-space(.))])">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DE-R-011"
                                      test="cbc:PostalZone[boolean(normalize-space(.))]">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>The element "Deliver to post code" (BT-78) shall be provided if the group "DELIVER TO ADDRESS" (BG-15) is delivered.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e919', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="(/ubl-invoice:Invoice/cac:PaymentMeans[cbc:PaymentMeansCode = (30,58)] | /ubl-creditnote:CreditNote/cac:PaymentMeans[cbc:PaymentMeansCode = (30,58)])[$supplierCountryIsDE and $customerCountryIsDE]"
             mode="group.d2e204"
             priority="20">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e919' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="(/ubl-invoice:Invoice/cac:PaymentMeans[cbc:PaymentMeansCode = (30,58)] | /ubl-creditnote:CreditNote/cac:PaymentMeans[cbc:PaymentMeansCode = (30,58)])[$supplierCountryIsDE and $customerCountryIsDE]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="(/ubl-invoice:Invoice/cac:PaymentMeans[cbc:PaymentMeansCode = (30,58)] | /ubl-creditnote:CreditNote/cac:PaymentMeans[cbc:PaymentMeansCode = (30,58)])[$supplierCountryIsDE and $customerCountryIsDE]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(not(cbc:PaymentMeansCode = '58') or                     matches(normalize-space(replace(cac:PayeeFinancialAccount/cbc:ID, '([ \n\r\t\s])', '')), '^[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{0,30}$') and                     xs:integer(string-join(for $cp in string-to-codepoints(concat(substring(normalize-space(replace(cac:PayeeFinancialAccount/cbc:ID, '([ \n\r\t\s])', '')),5),upper-case(substring(normalize-space(replace(cac:PayeeFinancialAccount/cbc:ID, '([ \n\r\t\s])', '')),1,2)),substring(normalize-space(replace(cac:PayeeFinancialAccount/cbc:ID, '([ \n\r\t\s])', '')),3,2))) return  (if($cp &gt; 64) then string($cp - 55) else  string($cp - 48)),'')) mod 97 = 1)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="warning"
                                      id="DE-R-019"
                                      test="not(cbc:PaymentMeansCode = '58') or                     matches(normalize-space(replace(cac:PayeeFinancialAccount/cbc:ID, '([ \n\r\t\s])', '')), '^[A-Z]{{2}}[0-9]{{2}}[a-zA-Z0-9]{{0,30}}$') and                     xs:integer(string-join(for $cp in string-to-codepoints(concat(substring(normalize-space(replace(cac:PayeeFinancialAccount/cbc:ID, '([ \n\r\t\s])', '')),5),upper-case(substring(normalize-space(replace(cac:PayeeFinancialAccount/cbc:ID, '([ \n\r\t\s])', '')),1,2)),substring(normalize-space(replace(cac:PayeeFinancialAccount/cbc:ID, '([ \n\r\t\s])', '')),3,2))) return  (if($cp &gt; 64) then string($cp - 55) else  string($cp - 48)),'')) mod 97 = 1">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>The element "Payment account identifier" (BT-84) should contain a valid IBAN if code 58 SEPA is provided in "Payment means type code" (BT-81).</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(cac:PayeeFinancialAccount)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal" id="DE-R-023-1" test="cac:PayeeFinancialAccount">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>If "Payment means type code" (BT-81) contains a code for credit transfer (30, 58), "CREDIT TRANSFER" (BG-17) shall
        be provided.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(not(cac:CardAccount) and                     not(cac:PaymentMandate))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DE-R-023-2"
                                      test="not(cac:CardAccount) and                     not(cac:PaymentMandate)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>If "Payment means type code" (BT-81) contains a code for credit transfer (30, 58), BG-18 and BG-19 shall not be provided.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e919', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="(/ubl-invoice:Invoice/cac:PaymentMeans[cbc:PaymentMeansCode = (48,54,55)] |/ubl-creditnote:CreditNote/cac:PaymentMeans[cbc:PaymentMeansCode = (48,54,55)])[$supplierCountryIsDE and $customerCountryIsDE]"
             mode="group.d2e204"
             priority="19">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e919' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="(/ubl-invoice:Invoice/cac:PaymentMeans[cbc:PaymentMeansCode = (48,54,55)] |/ubl-creditnote:CreditNote/cac:PaymentMeans[cbc:PaymentMeansCode = (48,54,55)])[$supplierCountryIsDE and $customerCountryIsDE]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="(/ubl-invoice:Invoice/cac:PaymentMeans[cbc:PaymentMeansCode = (48,54,55)] |/ubl-creditnote:CreditNote/cac:PaymentMeans[cbc:PaymentMeansCode = (48,54,55)])[$supplierCountryIsDE and $customerCountryIsDE]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(cac:CardAccount)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal" id="DE-R-024-1" test="cac:CardAccount">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>If "Payment means type code" (BT-81) contains a code for payment card (48, 54, 55), "PAYMENT CARD INFORMATION" (BG-18) shall be provided.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(not(cac:PayeeFinancialAccount) and                     not(cac:PaymentMandate))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DE-R-024-2"
                                      test="not(cac:PayeeFinancialAccount) and                     not(cac:PaymentMandate)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>If "Payment means type code" (BT-81) contains a code for payment card (48, 54, 55), BG-17 and BG-19 shall not be provided.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e919', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="(/ubl-invoice:Invoice/cac:PaymentMeans[cbc:PaymentMeansCode = 59] | /ubl-creditnote:CreditNote/cac:PaymentMeans[cbc:PaymentMeansCode = 59])[$supplierCountryIsDE and $customerCountryIsDE]"
             mode="group.d2e204"
             priority="18">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e919' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="(/ubl-invoice:Invoice/cac:PaymentMeans[cbc:PaymentMeansCode = 59] | /ubl-creditnote:CreditNote/cac:PaymentMeans[cbc:PaymentMeansCode = 59])[$supplierCountryIsDE and $customerCountryIsDE]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="(/ubl-invoice:Invoice/cac:PaymentMeans[cbc:PaymentMeansCode = 59] | /ubl-creditnote:CreditNote/cac:PaymentMeans[cbc:PaymentMeansCode = 59])[$supplierCountryIsDE and $customerCountryIsDE]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(not(cbc:PaymentMeansCode = '59') or                     matches(normalize-space(replace(cac:PaymentMandate/cac:PayerFinancialAccount/cbc:ID, '([ \n\r\t\s])', '')), '^[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{0,30}$') and                     xs:decimal(string-join(for $cp in string-to-codepoints(concat(substring(normalize-space(replace(cac:PaymentMandate/cac:PayerFinancialAccount/cbc:ID, '([ \n\r\t\s])', '')),5),upper-case(substring(normalize-space(replace(cac:PaymentMandate/cac:PayerFinancialAccount/cbc:ID, '([ \n\r\t\s])', '')),1,2)),substring(normalize-space(replace(cac:PaymentMandate/cac:PayerFinancialAccount/cbc:ID, '([ \n\r\t\s])', '')),3,2))) return  (if($cp &gt; 64) then string($cp - 55) else  string($cp - 48)),'')) mod 97 = 1)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="warning"
                                      id="DE-R-020"
                                      test="not(cbc:PaymentMeansCode = '59') or                     matches(normalize-space(replace(cac:PaymentMandate/cac:PayerFinancialAccount/cbc:ID, '([ \n\r\t\s])', '')), '^[A-Z]{{2}}[0-9]{{2}}[a-zA-Z0-9]{{0,30}}$') and                     xs:decimal(string-join(for $cp in string-to-codepoints(concat(substring(normalize-space(replace(cac:PaymentMandate/cac:PayerFinancialAccount/cbc:ID, '([ \n\r\t\s])', '')),5),upper-case(substring(normalize-space(replace(cac:PaymentMandate/cac:PayerFinancialAccount/cbc:ID, '([ \n\r\t\s])', '')),1,2)),substring(normalize-space(replace(cac:PaymentMandate/cac:PayerFinancialAccount/cbc:ID, '([ \n\r\t\s])', '')),3,2))) return  (if($cp &gt; 64) then string($cp - 55) else  string($cp - 48)),'')) mod 97 = 1">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>The element "Debited account identifier" (BT-91) should contain a valid IBAN if code 59 SEPA is provided in "Payment means type code" (BT-81). </svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(cac:PaymentMandate)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal" id="DE-R-025-1" test="cac:PaymentMandate">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>If "Payment means type code" (BT-81) contains a code for direct debit (59), "DIRECT DEBIT" (BG-19) shall be provided.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(not(cac:PayeeFinancialAccount) and                     not(cac:CardAccount))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DE-R-025-2"
                                      test="not(cac:PayeeFinancialAccount) and                     not(cac:CardAccount)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>If "Payment means type code" (BT-81) contains a code for direct debit (59), BG-17 and BG-18 shall not be provided.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e919', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="(/ubl-invoice:Invoice/cac:TaxTotal/cac:TaxSubtotal | /ubl-creditnote:CreditNote/cac:TaxTotal/cac:TaxSubtotal)[$supplierCountryIsDE and $customerCountryIsDE]"
             mode="group.d2e204"
             priority="17">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e919' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="(/ubl-invoice:Invoice/cac:TaxTotal/cac:TaxSubtotal | /ubl-creditnote:CreditNote/cac:TaxTotal/cac:TaxSubtotal)[$supplierCountryIsDE and $customerCountryIsDE]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="(/ubl-invoice:Invoice/cac:TaxTotal/cac:TaxSubtotal | /ubl-creditnote:CreditNote/cac:TaxTotal/cac:TaxSubtotal)[$supplierCountryIsDE and $customerCountryIsDE]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(cac:TaxCategory/cbc:Percent[boolean(normalize-space(.))])">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="DE-R-014"
                                      test="cac:TaxCategory/cbc:Percent[boolean(normalize-space(.))]">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>The element "VAT category rate" (BT-119) shall be provided.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e919', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cbc:EmbeddedDocumentBinaryObject[@mimeCode]"
             mode="group.d2e204"
             priority="16">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e1073' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cbc:EmbeddedDocumentBinaryObject[@mimeCode]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cbc:EmbeddedDocumentBinaryObject[@mimeCode]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(           some $code in $MIMECODE             satisfies @mimeCode = $code)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-CL001"
                                      test="           some $code in $MIMECODE             satisfies @mimeCode = $code">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Mime code must be according to subset of IANA code list.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e1073', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:AllowanceCharge[cbc:ChargeIndicator = 'false']/cbc:AllowanceChargeReasonCode"
             mode="group.d2e204"
             priority="15">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e1073' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:AllowanceCharge[cbc:ChargeIndicator = 'false']/cbc:AllowanceChargeReasonCode">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:AllowanceCharge[cbc:ChargeIndicator = 'false']/cbc:AllowanceChargeReasonCode">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(           some $code in $UNCL5189             satisfies normalize-space(text()) = $code)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-CL002"
                                      test="           some $code in $UNCL5189             satisfies normalize-space(text()) = $code">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Reason code MUST be according to subset of UNCL 5189 D.16B.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e1073', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:AllowanceCharge[cbc:ChargeIndicator = 'true']/cbc:AllowanceChargeReasonCode"
             mode="group.d2e204"
             priority="14">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e1073' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:AllowanceCharge[cbc:ChargeIndicator = 'true']/cbc:AllowanceChargeReasonCode">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:AllowanceCharge[cbc:ChargeIndicator = 'true']/cbc:AllowanceChargeReasonCode">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(           some $code in $UNCL7161             satisfies normalize-space(text()) = $code)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-CL003"
                                      test="           some $code in $UNCL7161             satisfies normalize-space(text()) = $code">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Reason code MUST be according to UNCL 7161 D.16B.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e1073', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:InvoicePeriod/cbc:DescriptionCode"
             mode="group.d2e204"
             priority="13">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e1073' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:InvoicePeriod/cbc:DescriptionCode">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:InvoicePeriod/cbc:DescriptionCode">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(           some $code in $UNCL2005             satisfies normalize-space(text()) = $code)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-CL006"
                                      test="           some $code in $UNCL2005             satisfies normalize-space(text()) = $code">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Invoice period description code must be according to UNCL 2005 D.16B.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e1073', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cbc:Amount | cbc:BaseAmount | cbc:PriceAmount | cbc:TaxAmount | cbc:TaxableAmount | cbc:LineExtensionAmount | cbc:TaxExclusiveAmount | cbc:TaxInclusiveAmount | cbc:AllowanceTotalAmount | cbc:ChargeTotalAmount | cbc:PrepaidAmount | cbc:PayableRoundingAmount | cbc:PayableAmount"
             mode="group.d2e204"
             priority="12">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e1073' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cbc:Amount | cbc:BaseAmount | cbc:PriceAmount | cbc:TaxAmount | cbc:TaxableAmount | cbc:LineExtensionAmount | cbc:TaxExclusiveAmount | cbc:TaxInclusiveAmount | cbc:AllowanceTotalAmount | cbc:ChargeTotalAmount | cbc:PrepaidAmount | cbc:PayableRoundingAmount | cbc:PayableAmount">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cbc:Amount | cbc:BaseAmount | cbc:PriceAmount | cbc:TaxAmount | cbc:TaxableAmount | cbc:LineExtensionAmount | cbc:TaxExclusiveAmount | cbc:TaxInclusiveAmount | cbc:AllowanceTotalAmount | cbc:ChargeTotalAmount | cbc:PrepaidAmount | cbc:PayableRoundingAmount | cbc:PayableAmount">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(           some $code in $ISO4217             satisfies @currencyID = $code)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-CL007"
                                      test="           some $code in $ISO4217             satisfies @currencyID = $code">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Currency code must be according to ISO 4217:2005</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e1073', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cbc:InvoiceTypeCode" mode="group.d2e204" priority="11">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e1073' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cbc:InvoiceTypeCode">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cbc:InvoiceTypeCode">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(           $profile != '01' or (some $code in tokenize('71 80 82 84 102 218 219 326 331 380 382 383 384 386 388 393 395 553 575 623 780 817 870 875 876 877', '\s')             satisfies normalize-space(text()) = $code))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-P0100"
                                      test="           $profile != '01' or (some $code in tokenize('71 80 82 84 102 218 219 326 331 380 382 383 384 386 388 393 395 553 575 623 780 817 870 875 876 877', '\s')             satisfies normalize-space(text()) = $code)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Invoice type code MUST be set according to the profile.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <if test="not(not(normalize-space(.) = '326' or normalize-space(.) = '384') or ($supplierCountryIsDE and $customerCountryIsDE))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-P0112"
                                      test="not(normalize-space(.) = '326' or normalize-space(.) = '384') or ($supplierCountryIsDE and $customerCountryIsDE)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Invoice type code 326 or 384 are only allowed when both buyer and seller are German organizations </svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e1073', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cbc:CreditNoteTypeCode" mode="group.d2e204" priority="10">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e1073' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cbc:CreditNoteTypeCode">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cbc:CreditNoteTypeCode">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(           $profile != '01' or (some $code in tokenize('381 396 81 83 532', '\s')             satisfies normalize-space(text()) = $code))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-P0101"
                                      test="           $profile != '01' or (some $code in tokenize('381 396 81 83 532', '\s')             satisfies normalize-space(text()) = $code)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Credit note type code MUST be set according to the profile.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e1073', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cbc:IssueDate | cbc:DueDate | cbc:TaxPointDate | cbc:StartDate | cbc:EndDate | cbc:ActualDeliveryDate"
             mode="group.d2e204"
             priority="9">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e1073' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cbc:IssueDate | cbc:DueDate | cbc:TaxPointDate | cbc:StartDate | cbc:EndDate | cbc:ActualDeliveryDate">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cbc:IssueDate | cbc:DueDate | cbc:TaxPointDate | cbc:StartDate | cbc:EndDate | cbc:ActualDeliveryDate">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(string-length(text()) = 10 and (string(.) castable as xs:date))">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-F001"
                                      test="string-length(text()) = 10 and (string(.) castable as xs:date)">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>A date MUST be formatted YYYY-MM-DD.</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e1073', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cbc:EndpointID[@schemeID]" mode="group.d2e204" priority="8">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e1073' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cbc:EndpointID[@schemeID]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cbc:EndpointID[@schemeID]">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(         some $code in $eaid         satisfies @schemeID = $code)">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-CL008"
                                      test="         some $code in $eaid         satisfies @schemeID = $code">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Electronic address identifier scheme must be from the codelist "Electronic Address Identifier Scheme"</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e1073', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:TaxCategory[upper-case(cbc:TaxExemptionReasonCode)='VATEX-EU-G']"
             mode="group.d2e204"
             priority="7">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e1073' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:TaxCategory[upper-case(cbc:TaxExemptionReasonCode)='VATEX-EU-G']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:TaxCategory[upper-case(cbc:TaxExemptionReasonCode)='VATEX-EU-G']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(normalize-space(cbc:ID)='G')">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-P0104"
                                      test="normalize-space(cbc:ID)='G'">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Tax Category G MUST be used when exemption reason code is VATEX-EU-G</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e1073', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:TaxCategory[upper-case(cbc:TaxExemptionReasonCode)='VATEX-EU-O']"
             mode="group.d2e204"
             priority="6">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e1073' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:TaxCategory[upper-case(cbc:TaxExemptionReasonCode)='VATEX-EU-O']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:TaxCategory[upper-case(cbc:TaxExemptionReasonCode)='VATEX-EU-O']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(normalize-space(cbc:ID)='O')">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-P0105"
                                      test="normalize-space(cbc:ID)='O'">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Tax Category O MUST be used when exemption reason code is VATEX-EU-O</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e1073', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:TaxCategory[upper-case(cbc:TaxExemptionReasonCode)='VATEX-EU-IC']"
             mode="group.d2e204"
             priority="5">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e1073' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:TaxCategory[upper-case(cbc:TaxExemptionReasonCode)='VATEX-EU-IC']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:TaxCategory[upper-case(cbc:TaxExemptionReasonCode)='VATEX-EU-IC']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(normalize-space(cbc:ID)='K')">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-P0106"
                                      test="normalize-space(cbc:ID)='K'">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Tax Category K MUST be used when exemption reason code is VATEX-EU-IC</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e1073', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:TaxCategory[upper-case(cbc:TaxExemptionReasonCode)='VATEX-EU-AE']"
             mode="group.d2e204"
             priority="4">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e1073' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:TaxCategory[upper-case(cbc:TaxExemptionReasonCode)='VATEX-EU-AE']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:TaxCategory[upper-case(cbc:TaxExemptionReasonCode)='VATEX-EU-AE']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(normalize-space(cbc:ID)='AE')">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-P0107"
                                      test="normalize-space(cbc:ID)='AE'">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Tax Category AE MUST be used when exemption reason code is VATEX-EU-AE</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e1073', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:TaxCategory[upper-case(cbc:TaxExemptionReasonCode)='VATEX-EU-D']"
             mode="group.d2e204"
             priority="3">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e1073' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:TaxCategory[upper-case(cbc:TaxExemptionReasonCode)='VATEX-EU-D']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:TaxCategory[upper-case(cbc:TaxExemptionReasonCode)='VATEX-EU-D']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(normalize-space(cbc:ID)='E')">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-P0108"
                                      test="normalize-space(cbc:ID)='E'">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Tax Category E MUST be used when exemption reason code is VATEX-EU-D</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e1073', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:TaxCategory[upper-case(cbc:TaxExemptionReasonCode)='VATEX-EU-F']"
             mode="group.d2e204"
             priority="2">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e1073' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:TaxCategory[upper-case(cbc:TaxExemptionReasonCode)='VATEX-EU-F']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:TaxCategory[upper-case(cbc:TaxExemptionReasonCode)='VATEX-EU-F']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(normalize-space(cbc:ID)='E')">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-P0109"
                                      test="normalize-space(cbc:ID)='E'">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Tax Category E MUST be used when exemption reason code is VATEX-EU-F</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e1073', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:TaxCategory[upper-case(cbc:TaxExemptionReasonCode)='VATEX-EU-I']"
             mode="group.d2e204"
             priority="1">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e1073' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:TaxCategory[upper-case(cbc:TaxExemptionReasonCode)='VATEX-EU-I']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:TaxCategory[upper-case(cbc:TaxExemptionReasonCode)='VATEX-EU-I']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(normalize-space(cbc:ID)='E')">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-P0110"
                                      test="normalize-space(cbc:ID)='E'">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Tax Category E MUST be used when exemption reason code is VATEX-EU-I</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e1073', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="cac:TaxCategory[upper-case(cbc:TaxExemptionReasonCode)='VATEX-EU-J']"
             mode="group.d2e204"
             priority="0">
      <param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
             as="Q{http://www.w3.org/2001/XMLSchema}string*"
             select="()"/>
      <choose>
         <when test="'d2e1073' = $Q{http://dmaus.name/ns/2023/schxslt}pattern">
            <svrl:suppressed-rule context="cac:TaxCategory[upper-case(cbc:TaxExemptionReasonCode)='VATEX-EU-J']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:suppressed-rule>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="$Q{http://dmaus.name/ns/2023/schxslt}pattern"/>
            </next-match>
         </when>
         <otherwise>
            <svrl:fired-rule context="cac:TaxCategory[upper-case(cbc:TaxExemptionReasonCode)='VATEX-EU-J']">
               <if test="document-uri()">
                  <attribute name="document" select="document-uri()"/>
               </if>
            </svrl:fired-rule>
            <if test="not(normalize-space(cbc:ID)='E')">
               <variable name="failed-assert" as="element(svrl:failed-assert)">
                  <svrl:failed-assert flag="fatal"
                                      id="PEPPOL-EN16931-P0111"
                                      test="normalize-space(cbc:ID)='E'">
                     <attribute name="location" select="path(.)"/>
                     <svrl:text>Tax Category E MUST be used when exemption reason code is VATEX-EU-J</svrl:text>
                  </svrl:failed-assert>
               </variable>
               <sequence select="$failed-assert"/>
            </if>
            <next-match>
               <with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"
                           as="Q{http://www.w3.org/2001/XMLSchema}string*"
                           select="('d2e1073', $Q{http://dmaus.name/ns/2023/schxslt}pattern)"/>
            </next-match>
         </otherwise>
      </choose>
   </template>
   <template match="root()" as="element(svrl:schematron-output)">
      <svrl:schematron-output schemaVersion="iso" phase="#ALL">
         <svrl:ns-prefix-in-attribute-values prefix="cbc"
                                             uri="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"/>
         <svrl:ns-prefix-in-attribute-values prefix="cac"
                                             uri="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"/>
         <svrl:ns-prefix-in-attribute-values prefix="ubl-creditnote"
                                             uri="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"/>
         <svrl:ns-prefix-in-attribute-values prefix="ubl-invoice"
                                             uri="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>
         <svrl:ns-prefix-in-attribute-values prefix="xs" uri="http://www.w3.org/2001/XMLSchema"/>
         <svrl:ns-prefix-in-attribute-values prefix="u" uri="utils"/>
         <!--SchXslt2 Core 1.3.4-->
         <try>
            <svrl:active-pattern>
               <attribute name="documents" select="document-uri(.)"/>
            </svrl:active-pattern>
            <svrl:active-pattern>
               <attribute name="documents" select="document-uri(.)"/>
            </svrl:active-pattern>
            <svrl:active-pattern>
               <attribute name="documents" select="document-uri(.)"/>
            </svrl:active-pattern>
            <svrl:active-pattern>
               <attribute name="documents" select="document-uri(.)"/>
            </svrl:active-pattern>
            <svrl:active-pattern>
               <attribute name="documents" select="document-uri(.)"/>
            </svrl:active-pattern>
            <svrl:active-pattern>
               <attribute name="documents" select="document-uri(.)"/>
            </svrl:active-pattern>
            <svrl:active-pattern>
               <attribute name="documents" select="document-uri(.)"/>
            </svrl:active-pattern>
            <svrl:active-pattern>
               <attribute name="documents" select="document-uri(.)"/>
            </svrl:active-pattern>
            <svrl:active-pattern>
               <attribute name="documents" select="document-uri(.)"/>
            </svrl:active-pattern>
            <svrl:active-pattern>
               <attribute name="documents" select="document-uri(.)"/>
            </svrl:active-pattern>
            <svrl:active-pattern>
               <attribute name="documents" select="document-uri(.)"/>
            </svrl:active-pattern>
            <svrl:active-pattern id="german-rules">
               <attribute name="documents" select="document-uri(.)"/>
            </svrl:active-pattern>
            <svrl:active-pattern>
               <attribute name="documents" select="document-uri(.)"/>
            </svrl:active-pattern>
            <apply-templates select="." mode="group.d2e204"/>
            <catch>
               <svrl:error code="{$Q{http://www.w3.org/2005/xqt-errors}code}">
                  <if test="document-uri()">
                     <attribute name="document" select="document-uri()"/>
                  </if>
                  <if test="$Q{http://www.w3.org/2005/xqt-errors}description">
                     <value-of select="$Q{http://www.w3.org/2005/xqt-errors}description"/>
                  </if>
               </svrl:error>
               <variable name="message"
                         as="Q{http://www.w3.org/2001/XMLSchema}string+"
                         expand-text="yes">
                  Running the ISO Schematron validation failed with a dynamic error.
                  Error code: {$Q{http://www.w3.org/2005/xqt-errors}code} Reason: {$Q{http://www.w3.org/2005/xqt-errors}description}
                </variable>
               <message terminate="yes"
                        error-code="Q{{http://dmaus.name/ns/2023/schxslt}}ValidationError">
                  <text/>
                  <value-of select="normalize-space(string-join($message))"/>
               </message>
            </catch>
         </try>
      </svrl:schematron-output>
   </template>
</stylesheet>
